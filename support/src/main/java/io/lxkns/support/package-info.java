/** Small helpers the agent and the operator share: the build's version and content digests. */
package io.lxkns.support;
