package io.digits.core.model;

/** Precision, recall and F1 of one digit on an evaluation set. */
public record ClassMetrics(int digit, double precision, double recall, double f1, long support) {
}
