/**
 * What the plugin's tests run against: the fabric8 mock API server in CRUD mode with the lxkns CRDs
 * and the published OpenReports Report CRD (crds/openreports) installed, a kubeconfig that points at it, a small cluster of
 * fixture objects (each validated against its CRD's schema), and the plugin run in-process.
 */
package io.lxkns.kubectl.testing;
