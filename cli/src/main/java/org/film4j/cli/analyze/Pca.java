package org.film4j.cli.analyze;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Principal component analysis to two dimensions, by EJML's singular value decomposition of
 * the centred data.
 *
 * @param points each row's coordinates on the first two components, {@code [rows][2]}
 * @param explained the share of the variance each of the two components explains
 */
public record Pca(double[][] points, double[] explained) {

  /** The projection of {@code rows} (all of one length) onto their first two components. */
  public static Pca of(double[][] rows) {
    int n = rows.length;
    int d = rows[0].length;
    DMatrixRMaj centred = new DMatrixRMaj(rows);
    for (int j = 0; j < d; j++) {
      double mean = 0;
      for (int i = 0; i < n; i++) {
        mean += centred.get(i, j);
      }
      mean /= n;
      for (int i = 0; i < n; i++) {
        centred.set(i, j, centred.get(i, j) - mean);
      }
    }
    SingularValueDecomposition_F64<DMatrixRMaj> svd =
        DecompositionFactory_DDRM.svd(n, d, false, true, true);
    if (!svd.decompose(centred.copy())) {
      throw new IllegalStateException("the singular value decomposition did not converge");
    }
    double[] singular = svd.getSingularValues();
    DMatrixRMaj v = svd.getV(null, false);
    // EJML leaves the singular values unordered: take the two largest.
    int first = largest(singular, -1);
    int second = largest(singular, first);
    double total = 0;
    for (double s : singular) {
      total += s * s;
    }
    DMatrixRMaj components = new DMatrixRMaj(d, 2);
    for (int j = 0; j < d; j++) {
      components.set(j, 0, v.get(j, first));
      components.set(j, 1, second < 0 ? 0 : v.get(j, second));
    }
    DMatrixRMaj projected = new DMatrixRMaj(n, 2);
    CommonOps_DDRM.mult(centred, components, projected);
    double[][] points = new double[n][];
    for (int i = 0; i < n; i++) {
      points[i] = new double[] {projected.get(i, 0), projected.get(i, 1)};
    }
    double secondShare = second < 0 ? 0 : singular[second] * singular[second];
    return new Pca(points, total == 0 ? new double[] {0, 0}
        : new double[] {singular[first] * singular[first] / total, secondShare / total});
  }

  private static int largest(double[] values, int except) {
    int best = -1;
    for (int i = 0; i < values.length; i++) {
      if (i != except && (best < 0 || values[i] > values[best])) {
        best = i;
      }
    }
    return best;
  }
}
