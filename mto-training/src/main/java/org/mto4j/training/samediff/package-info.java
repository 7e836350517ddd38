/** Multi-task training of SameDiff graphs: {@link org.mto4j.training.samediff.SameDiffMultiTask}. */
package org.mto4j.training.samediff;
