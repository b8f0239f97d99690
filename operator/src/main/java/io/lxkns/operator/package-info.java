/** The lxkns operator executable: {@link io.lxkns.operator.Main} hands the command line to picocli. */
package io.lxkns.operator;
