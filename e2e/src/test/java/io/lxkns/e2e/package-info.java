/**
 * End to end: the agent and operator as built, as processes, against a mock API server over HTTPS and
 * the test suite's private container engines; asserts what a platform team would see with kubectl.
 */
package io.lxkns.e2e;
