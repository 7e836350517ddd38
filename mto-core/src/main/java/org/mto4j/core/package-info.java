/** The mto4j API: per-task gradients, combiners, Gram weightings and the fast Gram path. */
package org.mto4j.core;
