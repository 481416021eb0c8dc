package org.film4j.trainer.train;

import java.nio.file.Path;

/**
 * How a run ended.
 *
 * @param dataWaitShare the share of the training time spent waiting for batches
 * @param stopped whether the listener stopped it before its last step
 */
public record TrainResult(long steps, double lastValAccuracy, double bestValAccuracy,
    long bestStep, double trainSeconds, double samplesPerSecond, double dataWaitShare,
    boolean stopped, Path best, Path latest) {}
