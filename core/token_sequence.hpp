// The token sequence the first transformer block receives: what comes right after PatchEmbed.
//
// timm's VisionTransformer._pos_embed, for the models Tessera shows:
//   prefix tokens   [class token] (1, D) if the model has one, then R register tokens (R, D)
//   sequence        [prefix tokens; the N patch embeddings in grid order]       (T, D), T = P + N
//   positions       added to every token the table covers: a table of 1 + N rows covers the class
//                   token and the patches, a table of N rows only the patches (`no_embed_class`);
//                   register tokens get no position (DINOv2's and timm's reg models).
// Where the pieces come from:
//   class token     the checkpoint's `cls_token` / `vit.embeddings.cls_token`, else zeros
//   register tokens the checkpoint's `reg_token`, else zeros
//   positions       the checkpoint's learned table (`pos_embed`, `position_embeddings`), its grid
//                   part resampled as timm's resample_abs_pos_embed does when the checkpoint's
//                   grid differs from this one; else timm's fixed 2-D sin-cos table for this grid
//                   with a zero row for the class token (MAE's choice), or none when D is not
//                   divisible by 4.
#pragma once

#include "checkpoint.hpp"
#include "tensor.hpp"

#include <optional>
#include <string>

namespace tessera {

enum class PositionSource { Learned, LearnedResampled, SinCos2d, None };

struct SequenceOptions {
    bool classToken = true; // false: a global-pool ViT with no class token
    int regTokens = 0;      // register tokens after the class token
};

struct TokenSequence {
    Tensor tokens;              // (T, D): prefix tokens then patches, positions added
    Tensor positions;           // (T, D): what was added to each token (zero rows where none was)
    int classTokens = 0;        // 0 or 1: row 0 is the class token when 1
    int regTokens = 0;          // rows classTokens .. classTokens + regTokens - 1
    bool classFromFile = false; // else zeros
    bool regFromFile = false;   // else zeros
    PositionSource source = PositionSource::None;
    bool classHasPosition = false; // the table had a row for the class token
    std::optional<Size2> fileGrid; // the checkpoint table's grid (when learned)
    Size2 grid;                    // this run's gh × gw

    int prefixTokens() const { return classTokens + regTokens; }
    std::int64_t length() const { return tokens.dim(0); }
};

// `patches` is the PatchEmbed output for one image, (N, D) or (1, N, D), N = grid.h · grid.w.
// `file` is the checkpoint the weights came from, or nullptr. InputError naming the shapes when the
// checkpoint's tokens do not fit D, or its table cannot be read as prefix rows + a square grid.
TokenSequence tokenSequence(const Tensor& patches, Size2 grid, const FoundWeights* file,
                            const SequenceOptions& options);

// The position table's patch rows (gh·gw, D) alone, as tokenSequence builds them (for the
// similarity maps); nullopt when there is none.
std::optional<Tensor> patchPositions(const TokenSequence& sequence);

} // namespace tessera
