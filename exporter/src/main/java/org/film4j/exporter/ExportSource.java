package org.film4j.exporter;

import org.film4j.exporter.OnnxMetadata.Provenance;
import org.film4j.runtime.image.Preprocessing;
import org.film4j.runtime.text.Vocabulary;
import org.film4j.trainer.model.EagerModel;

/**
 * Everything an export reads: the trained model, what its files must carry to serve alone
 * (vocabularies, image preprocessing — null for a features model — and provenance), and the
 * validation samples the proof runs.
 */
public record ExportSource(EagerModel model, Vocabulary questions, Vocabulary answers,
    Preprocessing preprocessing, Provenance provenance, ProofBatch proofBatch) {}
