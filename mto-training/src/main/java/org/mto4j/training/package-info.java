/**
 * Plugging combiners into SameDiff and DL4J training loops, and scalarization sweeps. This module fills in with
 * its own issue; until then it holds only its package.
 */
package org.mto4j.training;
