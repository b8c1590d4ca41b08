import { assetMeans, cholesky, correlationFromCovariance, covarianceMatrix, returnsMatrix } from '../../src/risk/matrix';

describe('returns matrix algebra', () => {
  const m = returnsMatrix([Float64Array.from([0.01, -0.02, 0.03, 0.0]), Float64Array.from([0.02, -0.04, 0.06, 0.0]), Float64Array.from([0.01, 0.01, -0.01, 0.03])]);

  it('means and sample covariance by hand', () => {
    // row 0 mean 0.02/4 = 0.005; row 1 is exactly 2 × row 0
    const mu = assetMeans(m);
    expect(mu[0]).toBeCloseTo(0.005, 15);
    const cov = covarianceMatrix(m);
    // row 0 deviations 0.005, −0.025, 0.025, −0.005 → squares sum 0.0013 → /3
    expect(cov[0]).toBeCloseTo(0.0013 / 3, 15);
    expect(cov[1]).toBeCloseTo((2 * 0.0013) / 3, 15); // cov(x, 2x) = 2 var(x)
    expect(cov[4]).toBeCloseTo((4 * 0.0013) / 3, 15);
    expect(cov[3]).toBe(cov[1]);
    const corr = correlationFromCovariance(cov, 3);
    expect(corr[1]).toBeCloseTo(1, 12);
    expect(corr[0]).toBe(1);
  });

  it('Cholesky reproduces a positive definite matrix', () => {
    // A = [[4, 2, 0.4], [2, 10, 1], [0.4, 1, 3]] → L[0][0] = 2, L[1][0] = 1, L[1][1] = 3
    const a = Float64Array.from([4, 2, 0.4, 2, 10, 1, 0.4, 1, 3]);
    const l = cholesky(a, 3);
    expect(l[0]).toBe(2);
    expect(l[3]).toBe(1);
    expect(l[4]).toBe(3);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let p = 0; p < 3; p++) s += l[i * 3 + p]! * l[j * 3 + p]!;
        expect(s).toBeCloseTo(a[i * 3 + j]!, 12);
      }
    }
    expect(l[1]).toBe(0); // upper triangle stays zero
  });

  it('factors a semi-definite covariance (a perfectly correlated asset)', () => {
    const cov = covarianceMatrix(m);
    const l = cholesky(cov, 3);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let p = 0; p < 3; p++) s += l[i * 3 + p]! * l[j * 3 + p]!;
        expect(s).toBeCloseTo(cov[i * 3 + j]!, 12);
      }
    }
    expect(l.every((x) => Number.isFinite(x))).toBe(true);
  });
});
