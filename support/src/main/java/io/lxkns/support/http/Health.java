package io.lxkns.support.http;

/** A probe's answer: 200 with the reason when ok, else 503 with it. */
public record Health(boolean ok, String reason) {}
