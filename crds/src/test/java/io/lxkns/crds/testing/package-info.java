/** Test helpers for the custom resources: schema validation against the generated CRDs. */
package io.lxkns.crds.testing;
