/** Test fixtures of the agent: a synthetic busy node, a clock the test moves. */
package io.lxkns.agent.testing;
