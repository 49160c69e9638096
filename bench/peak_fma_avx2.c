/* FMA peak of an AVX2 machine (no AVX-512): 12 independent 8-wide FMA chains per thread, the twin
   of ../shared/bench/peak_fma.c. gcc -O3 -mavx2 -mfma -fopenmp peak_fma_avx2.c -o peak;
   OMP_NUM_THREADS=2 ./peak */
#include <immintrin.h>
#include <stdio.h>
#include <omp.h>
#define N 400000000L
int main(){
  double t0=omp_get_wtime(); float sink=0; int nt=1;
  #pragma omp parallel reduction(+:sink)
  {
    nt=omp_get_num_threads();
    __m256 b=_mm256_set1_ps(0.9999999f), c=_mm256_set1_ps(1e-7f);
    __m256 a0=_mm256_set1_ps(1),a1=_mm256_set1_ps(2),a2=_mm256_set1_ps(3),a3=_mm256_set1_ps(4),a4=_mm256_set1_ps(5),a5=_mm256_set1_ps(6),a6=_mm256_set1_ps(7),a7=_mm256_set1_ps(8),a8=_mm256_set1_ps(9),a9=_mm256_set1_ps(10),a10=_mm256_set1_ps(11),a11=_mm256_set1_ps(12);
    for(long it=0; it<N/12; it++){
      a0=_mm256_fmadd_ps(a0,b,c);a1=_mm256_fmadd_ps(a1,b,c);a2=_mm256_fmadd_ps(a2,b,c);a3=_mm256_fmadd_ps(a3,b,c);
      a4=_mm256_fmadd_ps(a4,b,c);a5=_mm256_fmadd_ps(a5,b,c);a6=_mm256_fmadd_ps(a6,b,c);a7=_mm256_fmadd_ps(a7,b,c);
      a8=_mm256_fmadd_ps(a8,b,c);a9=_mm256_fmadd_ps(a9,b,c);a10=_mm256_fmadd_ps(a10,b,c);a11=_mm256_fmadd_ps(a11,b,c);
    }
    __m256 s=_mm256_add_ps(_mm256_add_ps(_mm256_add_ps(a0,a1),_mm256_add_ps(a2,a3)),_mm256_add_ps(_mm256_add_ps(a4,a5),_mm256_add_ps(a6,a7)));
    s=_mm256_add_ps(s,_mm256_add_ps(_mm256_add_ps(a8,a9),_mm256_add_ps(a10,a11)));
    float t[8]; _mm256_storeu_ps(t,s); for(int i=0;i<8;i++) sink+=t[i];
  }
  double t=omp_get_wtime()-t0;
  double flops=(double)(N/12)*12*16*nt;
  printf("threads %d  %.1f GFLOP/s (sink %g)\n", nt, flops/t/1e9, sink);
}
