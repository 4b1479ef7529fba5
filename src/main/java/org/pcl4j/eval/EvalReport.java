package org.pcl4j.eval;

/**
 * A result of one evaluation protocol: a record whose components are the JSON report, and a short
 * table of the same numbers for the terminal.
 */
public interface EvalReport {
    Table table();
}
