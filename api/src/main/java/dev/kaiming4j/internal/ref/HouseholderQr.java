package dev.kaiming4j.internal.ref;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The orthonormal factor Q of a Householder QR (LAPACK's {@code dgeqr2} then {@code dorg2r}),
 * with the columns' signs fixed so that R's diagonal is non-negative — the unique Q of a
 * full-rank matrix, as {@code torch.nn.init.orthogonal_} takes it.
 *
 * <p>Deterministic for any thread count: every column receives the same reflectors in the same
 * order, each application being one dot product (fused partial sums over the even and the odd
 * rows, then their sum) and one fused update, so the bits do not depend on
 * the blocking or on which thread updates which column. Blocking only changes when a column is
 * visited: a panel of {@link #BLOCK} reflectors is applied to each trailing column while that
 * column is in cache, and threads split the trailing columns.
 */
public final class HouseholderQr {
    /** Reflectors applied per pass over a trailing column. */
    static final int BLOCK = 16;
    /** Below this many trailing columns an update stays on the calling thread. */
    private static final int MIN_COLUMNS_PER_THREAD = 8;

    private HouseholderQr() {
    }

    /**
     * Replaces the column-major {@code m × n} matrix {@code a} ({@code m ≥ n}, column j at
     * {@code a[j·m ..]}) by its Q factor with sign(diag R) folded in.
     */
    public static void orthonormalFactor(double[] a, int m, int n, int threads) {
        if (m < n) {
            throw new IllegalArgumentException("a: needs at least as many rows as columns, got " + m + " x " + n);
        }
        if ((long) m * n > a.length) {
            throw new IllegalArgumentException("a: " + a.length + " elements cannot hold " + m + " x " + n);
        }
        double[] tau = new double[n];
        double[] sign = new double[n];
        ForkJoinPool pool = threads > 1 ? new ForkJoinPool(threads) : null;
        try {
            factor(a, m, n, tau, sign, pool, threads);
            formQ(a, m, n, tau, pool, threads);
        } finally {
            if (pool != null) {
                pool.shutdown();
            }
        }
        for (int j = 0; j < n; j++) {
            double s = sign[j];
            int o = j * m;
            for (int i = 0; i < m; i++) {
                a[o + i] *= s;
            }
        }
    }

    /** {@code dgeqr2}, blocked by panels: reflector k below the diagonal of column k. */
    private static void factor(double[] a, int m, int n, double[] tau, double[] sign, ForkJoinPool pool,
                               int threads) {
        double[] panel = new double[BLOCK * m];
        for (int k0 = 0; k0 < n; k0 += BLOCK) {
            int kb = Math.min(BLOCK, n - k0);
            for (int k = k0; k < k0 + kb; k++) {
                double beta = reflector(a, m, k, tau);
                sign[k] = Math.signum(beta);
                copyReflector(a, m, k, panel, k - k0);
                for (int j = k + 1; j < k0 + kb; j++) {
                    apply(panel, k - k0, tau[k], a, m, k, j);
                }
            }
            int first = k0;
            int last = k0 + kb;
            forColumns(last, n, pool, threads, (j0, j1) -> {
                for (int j = j0; j < j1; j += 4) {
                    for (int k = first; k < last; k++) {
                        applyUpTo4(panel, k - first, tau[k], a, m, k, j, Math.min(4, j1 - j));
                    }
                }
            });
        }
    }

    /** {@code dorg2r}, blocked the same way: column j receives H_{j−1}, ..., H_0 in that order. */
    private static void formQ(double[] a, int m, int n, double[] tau, ForkJoinPool pool, int threads) {
        double[] panel = new double[BLOCK * m];
        int blocks = (n + BLOCK - 1) / BLOCK;
        for (int b = blocks - 1; b >= 0; b--) {
            int k0 = b * BLOCK;
            int kb = Math.min(BLOCK, n - k0);
            for (int k = k0; k < k0 + kb; k++) {
                copyReflector(a, m, k, panel, k - k0);
            }
            forColumns(k0 + kb, n, pool, threads, (j0, j1) -> {
                for (int j = j0; j < j1; j += 4) {
                    for (int k = k0 + kb - 1; k >= k0; k--) {
                        applyUpTo4(panel, k - k0, tau[k], a, m, k, j, Math.min(4, j1 - j));
                    }
                }
            });
            for (int i = k0 + kb - 1; i >= k0; i--) {
                for (int j = i + 1; j < k0 + kb; j++) {
                    apply(panel, i - k0, tau[i], a, m, i, j);
                }
                int o = i * m;
                for (int r = i + 1; r < m; r++) {
                    a[o + r] = -tau[i] * a[o + r];
                }
                a[o + i] = 1 - tau[i];
                for (int r = 0; r < i; r++) {
                    a[o + r] = 0;
                }
            }
        }
    }

    /**
     * {@code dlarfg} on column k below the diagonal: makes {@code H = I − τ·v·vᵀ} (v₀ = 1,
     * the rest stored in place) with {@code H·x = β·e₀}; returns β, R's diagonal entry.
     */
    private static double reflector(double[] a, int m, int k, double[] tau) {
        int o = k * m;
        double alpha = a[o + k];
        double xnorm = Math.sqrt(dot(a, o + k + 1, a, o + k + 1, m - k - 1));
        if (xnorm == 0) {
            tau[k] = 0;
            return alpha;
        }
        double beta = -Math.copySign(Math.sqrt(Math.fma(alpha, alpha, xnorm * xnorm)), alpha);
        tau[k] = (beta - alpha) / beta;
        double scale = 1 / (alpha - beta);
        for (int i = o + k + 1; i < o + m; i++) {
            a[i] *= scale;
        }
        a[o + k] = beta;
        return beta;
    }

    /** Copies reflector k (v₀ = 1 and the stored tail) to row {@code slot} of the panel. */
    private static void copyReflector(double[] a, int m, int k, double[] panel, int slot) {
        int p = slot * m;
        panel[p + k] = 1;
        System.arraycopy(a, k * m + k + 1, panel, p + k + 1, m - k - 1);
    }

    /** Column j, rows k..m−1, ← H_k·(column j): w = vᵀx, x ← x − τ·w·v. */
    private static void apply(double[] panel, int slot, double tau, double[] a, int m, int k, int j) {
        if (tau == 0) {
            return;
        }
        int p = slot * m + k;
        int o = j * m + k;
        int len = m - k;
        double c = -tau * dot(panel, p, a, o, len);
        for (int i = 0; i < len; i++) {
            a[o + i] = Math.fma(c, panel[p + i], a[o + i]);
        }
    }

    /**
     * {@link #apply} to columns {@code j .. j+count-1} ({@code count ≤ 4}) at once: the four
     * dot products share each load of v and run as independent chains; each column's
     * arithmetic is exactly that of {@link #apply}.
     */
    private static void applyUpTo4(double[] panel, int slot, double tau, double[] a, int m, int k, int j, int count) {
        if (count < 4) {
            for (int c = 0; c < count; c++) {
                apply(panel, slot, tau, a, m, k, j + c);
            }
            return;
        }
        if (tau == 0) {
            return;
        }
        int p = slot * m + k;
        int len = m - k;
        int o0 = j * m + k;
        int o1 = o0 + m;
        int o2 = o1 + m;
        int o3 = o2 + m;
        double e0 = 0;
        double f0 = 0;
        double e1 = 0;
        double f1 = 0;
        double e2 = 0;
        double f2 = 0;
        double e3 = 0;
        double f3 = 0;
        int i = 0;
        for (; i + 1 < len; i += 2) {
            double v = panel[p + i];
            double w = panel[p + i + 1];
            e0 = Math.fma(v, a[o0 + i], e0);
            f0 = Math.fma(w, a[o0 + i + 1], f0);
            e1 = Math.fma(v, a[o1 + i], e1);
            f1 = Math.fma(w, a[o1 + i + 1], f1);
            e2 = Math.fma(v, a[o2 + i], e2);
            f2 = Math.fma(w, a[o2 + i + 1], f2);
            e3 = Math.fma(v, a[o3 + i], e3);
            f3 = Math.fma(w, a[o3 + i + 1], f3);
        }
        if (i < len) {
            double v = panel[p + i];
            e0 = Math.fma(v, a[o0 + i], e0);
            e1 = Math.fma(v, a[o1 + i], e1);
            e2 = Math.fma(v, a[o2 + i], e2);
            e3 = Math.fma(v, a[o3 + i], e3);
        }
        double c0 = -tau * (e0 + f0);
        double c1 = -tau * (e1 + f1);
        double c2 = -tau * (e2 + f2);
        double c3 = -tau * (e3 + f3);
        for (i = 0; i < len; i++) {
            double v = panel[p + i];
            a[o0 + i] = Math.fma(c0, v, a[o0 + i]);
            a[o1 + i] = Math.fma(c1, v, a[o1 + i]);
            a[o2 + i] = Math.fma(c2, v, a[o2 + i]);
            a[o3 + i] = Math.fma(c3, v, a[o3 + i]);
        }
    }

    /**
     * Σ x[xo+i]·y[yo+i] in one fixed order: fused partial sums over the even and the odd i,
     * then their sum.
     */
    static double dot(double[] x, int xo, double[] y, int yo, int len) {
        double e = 0;
        double f = 0;
        int i = 0;
        for (; i + 1 < len; i += 2) {
            e = Math.fma(x[xo + i], y[yo + i], e);
            f = Math.fma(x[xo + i + 1], y[yo + i + 1], f);
        }
        if (i < len) {
            e = Math.fma(x[xo + i], y[yo + i], e);
        }
        return e + f;
    }

    private interface ColumnRange {
        void run(int from, int to);
    }

    /** Runs {@code body} over {@code [from, to)} split into contiguous column ranges. */
    private static void forColumns(int from, int to, ForkJoinPool pool, int threads, ColumnRange body) {
        int count = to - from;
        int parts = pool == null ? 1 : Math.max(1, Math.min(threads, count / MIN_COLUMNS_PER_THREAD));
        if (parts == 1) {
            body.run(from, to);
            return;
        }
        int per = (count + parts - 1) / parts;
        List<ForkJoinTask<?>> tasks = new ArrayList<>();
        for (int j0 = from; j0 < to; j0 += per) {
            int a = j0;
            int b = Math.min(to, j0 + per);
            tasks.add(ForkJoinTask.adapt(() -> body.run(a, b)));
        }
        pool.invoke(ForkJoinTask.adapt(() -> ForkJoinTask.invokeAll(tasks)));
    }
}
