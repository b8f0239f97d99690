/**
 * The lxkns custom resources ({@code lxkns.io/v1alpha1}) as Java types. The CRD YAML is generated
 * from them by the fabric8 CRD generator and committed beside this module's pom; a test fails when
 * the two drift apart.
 */
package io.lxkns.crds;
