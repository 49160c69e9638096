// Analysis of a result for the teaching views: one patch followed from pixels to vector, the terms
// of one output, similarity between patches, and principal components (of embeddings, of filters,
// of patches).
//
// Everything here is plain core code, tested against naive references and numpy; the app's views
// only draw what these return. Shapes follow patch_embed.hpp: a patch vector has K = C·P·Q values
// in (C, P, Q) order, embeddings are N×D row-major, the projection is D×K row-major.
#pragma once

#include "patch_embed.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace tessera {

// Patch `index` (row-major over the grid) of the (C, H, W) or (1, C, H, W) tensor `x`, flattened
// in (C, P, Q) order with zeros where the grid's padding lies: exactly the column the projection
// multiplies. InputError when the index is outside the grid or the shapes disagree.
std::vector<float> packedPatch(const Tensor& x, const PatchGrid& grid, std::int64_t index);

// y_d = Σ_k W[d,k]·x_k + b_d for one output d, summed in double, with its largest terms.
struct OutputTerms {
    double value = 0;         // y_d before any LayerNorm
    double bias = 0;          // b_d (0 without a bias)
    std::vector<int> largest; // k of the terms with the largest |W[d,k]·x_k|, largest first
};
OutputTerms outputTerms(const PatchEmbedWeights& w, std::span<const float> x, int d,
                        int largestCount);

// Column d of an N×D matrix (output channel d at every patch: the conv's feature map d).
std::vector<float> column(const Tensor& embeddings, int d);

// Cosine similarity of row `index` with every row of the n×dim matrix `rows`, in [-1, 1]; a row
// of norm 0 has similarity 0 with every row (itself included).
std::vector<float> cosineSimilarity(const float* rows, std::int64_t n, std::int64_t dim,
                                    std::int64_t index);

// Every row's cosine similarity with every row: an n×n row-major matrix whose row i is
// cosineSimilarity(rows, n, dim, i) (to float rounding). Rows are normalised once and the n×n
// products made as one matrix product, in double: n calls of cosineSimilarity would take each
// row's norm n times (the positions view's 196×196 mosaic took ~30 ms that way).
std::vector<float> cosineSimilarityMatrix(const float* rows, std::int64_t n, std::int64_t dim);
// The k rows most similar to `index` (itself left out), most similar first; ties by index.
std::vector<std::int64_t> mostSimilar(std::span<const float> similarity, std::int64_t index, int k);

// Principal components of the rows of an n×dim matrix (the mean removed).
struct Pca {
    std::int64_t dim = 0;
    std::vector<float> mean;       // dim values
    std::vector<float> components; // count × dim, row-major: orthonormal rows
    std::vector<double> variance;  // per component (divided by n - 1), descending
    double totalVariance = 0;      // the sum of every direction's variance (the trace)
    int count() const { return static_cast<int>(variance.size()); }
    double explained(int i) const { return totalVariance > 0 ? variance[i] / totalVariance : 0; }
};
// The first `count` components (count ≤ dim). Each component's sign is fixed so that its largest
// |value| is positive (results do not flip between runs). When the data has fewer than `count`
// directions, the rest are completed to an orthonormal set with variance 0. `use`, when not
// empty, holds n flags: only those rows are fitted (a foreground mask). Progress and cancel as in
// patch_embed.hpp; InputError naming the values for count > dim or no row to fit.
Pca pca(const float* rows, std::int64_t n, std::int64_t dim, int count,
        std::span<const std::uint8_t> use = {}, const Progress& progress = {});
// Each row's coordinates on the components: n × pca.count(), row-major (the mean removed first).
std::vector<float> project(const Pca& pca, const float* rows, std::int64_t n);

// `--init pca-patches`: the top D principal directions of the normalised patch vectors of `x`
// (the mean patch removed) as the projection, so y = W·(x - mean): with a bias, b = -W·mean;
// without, the projection alone. InputError naming both when D > C·P·Q. `x` is (C, H, W) or
// (B, C, H, W): a batch is fitted on the patches of all its images together. The weights have no
// LayerNorm parameters (gain 1, shift 0, as the random schemes).
PatchEmbedWeights pcaPatchWeights(const Tensor& x, const PatchGrid& grid, int dim, bool bias,
                                  const Progress& progress = {});

} // namespace tessera
