/**
 * The OpenReports {@code Report} ({@code openreports.io/v1alpha1}) that the lxkns operator writes,
 * one named {@code lxkns} per Kubernetes namespace: what a namespace-scoped user can read about their
 * pods when the cluster-scoped lxkns objects are out of reach. Read leniently (a field of the wrong
 * type is left out, not an error) and bounded (the CRD bounds none of the fields).
 */
package io.lxkns.kubectl.openreports;
