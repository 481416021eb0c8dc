package org.film4j.trainer.train;

import java.nio.file.Path;

/**
 * How a run ended.
 *
 * @param bestStep -1 when the run stopped before its first validation
 * @param trainSeconds the time this session spent in training steps
 * @param earlierTrainSeconds the time the run's earlier sessions did (0 unless resumed)
 * @param dataWaitShare the share of the training time spent waiting for batches
 * @param stopped whether the listener stopped it before its last step
 * @param best the checkpoint of the best validation accuracy, null when none was saved
 */
public record TrainResult(long steps, double lastValAccuracy, double bestValAccuracy,
    long bestStep, double trainSeconds, double earlierTrainSeconds, double samplesPerSecond,
    double dataWaitShare, boolean stopped, Path best, Path latest) {}
