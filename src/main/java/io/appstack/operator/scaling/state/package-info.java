/**
 * What the engine remembers between evaluations, stored in the stack's status so that a restart replays
 * identically: when each window started and the staircase of recommendations the up and down windows read.
 */
package io.appstack.operator.scaling.state;
