package io.lxkns.discovery.model;

/**
 * The host a discovery ran on. The boot id makes namespace inodes comparable over time: an inode
 * is only unique within one boot.
 */
public record NodeInfo(String hostname, String bootId, String kernel) {}
