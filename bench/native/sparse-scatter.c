// The scatter of sparse sign (ζ = 8) on the CSR input of bench/sketch.bench.mjs, in C: what a
// native compiler makes of the steps that keep the 65536×1024 input above 4× of one pass
// (docs/design.md §8). 65536×1024 with about 10⁶ entries (15 a row), m = 256, leaves of 4096
// rows into column-major 256×1024 nodes, summed in the fixed tree; S's rows and signs drawn up
// front (not timed), caches evicted (1 GiB written) before every timed call. Prints the median
// of 11 calls, three times: one pass over the values, indices and row pointers (the floor), the
// leaves and the tree with scalar updates, with AVX-512 gathers and scatters (eight updates an
// entry, conflict-free: a column's rows are distinct), and with scalar updates in two bands of
// 512 columns (as `csrScatter`). A diagnostic outside `npm run bench` (it needs a C compiler
// and AVX-512):
//
//   gcc -O3 -march=native bench/native/sparse-scatter.c -o /tmp/sparse-scatter && /tmp/sparse-scatter
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>
#include <immintrin.h>
static uint64_t st = 88172645463325252ULL;
static inline uint64_t xr(void) { uint64_t z = (st += 0x9E3779B97F4A7C15ULL); z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL; z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL; return z ^ (z >> 31); }
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }
enum { N = 65536, D = 1024, M = 256, Z = 8, B = 4096, NB = N / B };
int *indptr, *indices; double *values; int *srow; double *sval; double *nodes; char *evict;
static int cmpint(const void *a, const void *b) { return *(int*)a - *(int*)b; }
static int c(const void *x, const void *y) { double d = *(double*)x - *(double*)y; return d < 0 ? -1 : d > 0; }
static void leaf_scalar(int b, double *out) {
  for (int t = b * B; t < (b + 1) * B; t++) {
    const int *r = srow + (size_t)t * Z; const double *s = sval + (size_t)t * Z;
    for (int q = indptr[t]; q < indptr[t + 1]; q++) {
      double *o = out + (size_t)indices[q] * M; double x = values[q];
      for (int k = 0; k < Z; k++) o[r[k]] += s[k] * x;
    }
  }
}
static void leaf_avx512(int b, double *out) {
  for (int t = b * B; t < (b + 1) * B; t++) {
    __m256i r = _mm256_loadu_si256((const __m256i*)(srow + (size_t)t * Z));
    __m512d s = _mm512_loadu_pd(sval + (size_t)t * Z);
    for (int q = indptr[t]; q < indptr[t + 1]; q++) {
      double *o = out + (size_t)indices[q] * M;
      __m512d x = _mm512_set1_pd(values[q]);
      __m512d g = _mm512_i32gather_pd(r, o, 8);
      g = _mm512_add_pd(g, _mm512_mul_pd(s, x));
      _mm512_i32scatter_pd(o, r, g, 8);
    }
  }
}
static int cur[B];
static void leaf_band(int b, double *out) {
  const int bands = 2, W = D / bands;
  for (int t = 0; t < B; t++) cur[t] = indptr[b * B + t];
  for (int c = 0; c < bands; c++) {
    const int j1 = (c + 1) * W;
    for (int tt = 0; tt < B; tt++) {
      const int t = b * B + tt;
      const int *r = srow + (size_t)t * Z; const double *s = sval + (size_t)t * Z;
      int q = cur[tt]; const int q1 = indptr[t + 1];
      for (; q < q1 && indices[q] < j1; q++) {
        double *o = out + (size_t)indices[q] * M; double x = values[q];
        for (int k = 0; k < Z; k++) o[r[k]] += s[k] * x;
      }
      cur[tt] = q;
    }
  }
}
static void add(double *a, double *b) { for (size_t i = 0; i < (size_t)M * D; i++) { a[i] = a[i] + b[i]; b[i] = 0; } }
static double run(int avx) {
  // 16 leaves, fixed tree (complete): node stack of 5.
  double *stack[6]; int lev[6]; int sp = 0; double *freel[6]; int nf = 0;
  for (int i = 0; i < 6; i++) freel[nf++] = nodes + (size_t)i * M * D;
  for (int i = 0; i < 6; i++) memset(freel[i], 0, sizeof(double) * M * D);
  double t0 = now();
  for (int b = 0; b < NB; b++) {
    double *v = freel[--nf];
    if (avx == 1) leaf_avx512(b, v); else if (avx == 2) leaf_band(b, v); else leaf_scalar(b, v);
    int L = 0;
    while (sp > 0 && lev[sp - 1] == L) { double *left = stack[--sp]; add(left, v); freel[nf++] = v; v = left; L++; }
    stack[sp] = v; lev[sp] = L; sp++;
  }
  return now() - t0;
}
int main(int argc, char **argv) {
  indptr = malloc(sizeof(int) * (N + 1));
  int nnz0 = 1000000; int *I = malloc(sizeof(int) * nnz0), *J = malloc(sizeof(int) * nnz0);
  // rows with ~15.26 entries: draw (i, j) pairs, sort per row, dedupe
  int *cnt = calloc(N, sizeof(int));
  for (int e = 0; e < nnz0; e++) { I[e] = xr() % N; J[e] = xr() % D; cnt[I[e]]++; }
  indptr[0] = 0; for (int i = 0; i < N; i++) indptr[i + 1] = indptr[i] + cnt[i];
  indices = malloc(sizeof(int) * nnz0); values = malloc(sizeof(double) * nnz0);
  int *pos = malloc(sizeof(int) * N); for (int i = 0; i < N; i++) pos[i] = indptr[i];
  for (int e = 0; e < nnz0; e++) indices[pos[I[e]]++] = J[e];
  // sort + dedupe in place
  int w = 0; int *np = malloc(sizeof(int) * (N + 1)); np[0] = 0;
  for (int i = 0; i < N; i++) { qsort(indices + indptr[i], indptr[i + 1] - indptr[i], sizeof(int), cmpint); int last = -1; for (int q = indptr[i]; q < indptr[i + 1]; q++) if (indices[q] != last) { last = indices[q]; indices[w] = last; values[w] = (double)(xr() % 1000) / 500.0 - 1.0; w++; } np[i + 1] = w; }
  memcpy(indptr, np, sizeof(int) * (N + 1));
  srow = malloc(sizeof(int) * N * Z); sval = malloc(sizeof(double) * N * Z);
  for (int t = 0; t < N; t++) { int k = 0; while (k < Z) { int r = xr() % M; int dup = 0; for (int u = 0; u < k; u++) if (srow[t * Z + u] == r) dup = 1; if (!dup) { srow[t * Z + k] = r; sval[t * Z + k] = (xr() & 1) ? 0.35355339059327373 : -0.35355339059327373; k++; } } }
  nodes = aligned_alloc(64, sizeof(double) * M * D * 6);
  size_t EV = (size_t)1 << 30; evict = malloc(EV); memset(evict, 1, EV);
  printf("nnz %d\n", w);
  // floor: one pass over values, indices, indptr
  for (int rep = 0; rep < 3; rep++) {
    double fl[11], sc[11], av[11], bd[11];
    for (int it = 0; it < 11; it++) {
      for (size_t i = 0; i < EV; i += 64) evict[i]++;
      double t0 = now(); double s0 = 0, s1 = 0, s2 = 0, s3 = 0; long a = 0;
      for (int q = 0; q + 4 <= w; q += 4) { s0 += values[q]; s1 += values[q + 1]; s2 += values[q + 2]; s3 += values[q + 3]; a += indices[q] + indices[q + 1] + indices[q + 2] + indices[q + 3]; }
      for (int i = 0; i <= N; i++) a += indptr[i];
      fl[it] = now() - t0; if (s0 + s1 + s2 + s3 + a == 12345.678) printf("x");
      for (size_t i = 0; i < EV; i += 64) evict[i]++;
      sc[it] = run(0);
      for (size_t i = 0; i < EV; i += 64) evict[i]++;
      av[it] = run(1);
      for (size_t i = 0; i < EV; i += 64) evict[i]++;
      bd[it] = run(2);
    }
    qsort(fl, 11, 8, c); qsort(sc, 11, 8, c); qsort(av, 11, 8, c); qsort(bd, 11, 8, c);
    printf("floor %.2f ms, scalar leaves+tree %.2f ms, avx512 gather/scatter %.2f ms, scalar in 2 bands %.2f ms\n", fl[5], sc[5], av[5], bd[5]);
  }
  return 0;
}
