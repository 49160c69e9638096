#include "controls_panel.hpp"

#include "arithmetic.hpp"
#include "error.hpp"
#include "preprocess.hpp"
#include "weights_loader.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace tessera::ui {
namespace {

// Size-handling choices, in the combo's order.
struct SizeMode {
    const char* label;
    ImageFit fit;
    PadPolicy pad;
    bool usesImgSize;
};
constexpr SizeMode kSizeModes[] = {
    {"timm eval: resize + center crop", ImageFit::CenterCrop, PadPolicy::Strict, true},
    {"Resize to img_size", ImageFit::Squash, PadPolicy::Strict, true},
    {"Native size, zero-pad to the grid", ImageFit::Native, PadPolicy::Dynamic, false},
    {"Native size, crop to a multiple", ImageFit::CropToMultiple, PadPolicy::None, false},
};

constexpr InitScheme kInits[] = {InitScheme::PytorchDefault, InitScheme::LecunNormal,
                                 InitScheme::XavierUniform, InitScheme::TruncNormal};

QSpinBox* spin(int lo, int hi, int value, const QString& tip) {
    auto* s = new QSpinBox;
    s->setRange(lo, hi);
    s->setValue(value);
    s->setToolTip(tip);
    s->setKeyboardTracking(false); // typing "768" computes once, not for 7, 76 and 768
    return s;
}

QString big(double v) {
    return QLocale().toString(v, 'f', 0);
}

} // namespace

ControlsPanel::ControlsPanel(QWidget* parent) : QWidget(parent) {
    m_patchH = spin(1, 1024, 16, tr("Patch height P in pixels: each patch covers P rows."));
    m_patchW = spin(1, 1024, 16, tr("Patch width Q in pixels: each patch covers Q columns."));
    m_square = new QCheckBox(tr("square"));
    m_square->setChecked(true);
    m_square->setToolTip(tr("Keep the patch square: changing one side changes the other."));
    m_dim = spin(1, 16384, 768, tr("embed_dim D: the length of each patch's embedding vector."));
    m_channels = new QComboBox;
    m_channels->addItems({tr("RGB (3)"), tr("Grayscale (1)")});
    m_channels->setToolTip(tr("Input channels C: RGB, or luminance as PIL's convert(\"L\")."));
    m_sizeMode = new QComboBox;
    for (const SizeMode& m : kSizeModes)
        m_sizeMode->addItem(tr(m.label));
    m_sizeMode->setToolTip(
        tr("How the image reaches the model's input size before it is cut into patches."));
    m_imgSize = spin(1, 8192, 224, tr("img_size: the square input size the model expects."));
    m_cropPct = new QDoubleSpinBox;
    m_cropPct->setRange(0.1, 1.0);
    m_cropPct->setSingleStep(0.005);
    m_cropPct->setDecimals(3);
    m_cropPct->setValue(0.875);
    m_cropPct->setKeyboardTracking(false);
    m_cropPct->setToolTip(
        tr("crop_pct: the shorter side is resized to img_size / crop_pct, then center-cropped."));
    m_interpolation = new QComboBox;
    m_interpolation->addItems({"nearest", "bilinear", "bicubic"});
    m_interpolation->setCurrentIndex(2);
    m_interpolation->setToolTip(tr("Resampling used to resize the image (PIL's, as timm uses)."));
    m_preset = new QComboBox;
    m_preset->addItems({"imagenet", "inception", "clip"});
    m_preset->setToolTip(tr("Normalisation preset: the mean/std (and crop_pct, interpolation) a "
                            "model family was trained with."));

    m_weightsSource = new QComboBox;
    m_weightsSource->addItems({tr("Random"), tr("From file")});
    m_weightsSource->setToolTip(
        tr("Random weights from an init scheme and seed, or a checkpoint's trained kernel."));
    m_init = new QComboBox;
    for (InitScheme s : kInits)
        m_init->addItem(QString::fromUtf8(name(s).data(), qsizetype(name(s).size())));
    m_init->setToolTip(tr("Init scheme of the random weights (pytorch-default is what timm's "
                          "PatchEmbed starts with)."));
    m_seed = spin(0, 1 << 30, 0,
                  tr("Seed of the random weights: the same seed gives the same weights."));
    m_weightsFile = new QLabel(tr("(none)"));
    m_weightsFile->setWordWrap(true);
    m_chooseWeights = new QPushButton(tr("Choose…"));
    m_chooseWeights->setToolTip(
        tr("Open a .safetensors or .npy file holding a PatchEmbed's weights."));
    m_resample = new QCheckBox(tr("PI-resize kernel to the patch size (FlexiViT)"));
    m_resample->setToolTip(tr(
        "Resize the file's kernel to the chosen patch size, as timm's resample_patch_embed does."));
    m_bias = new QCheckBox(tr("bias"));
    m_bias->setChecked(true);
    m_bias->setToolTip(tr("Add the projection's bias b to every embedding (Conv2d bias=True)."));
    m_layerNorm = new QCheckBox(tr("LayerNorm"));
    m_layerNorm->setToolTip(
        tr("Normalise each embedding over D after the projection (timm's norm_layer)."));

    auto* patchRow = new QHBoxLayout;
    patchRow->addWidget(m_patchH);
    patchRow->addWidget(new QLabel("×"));
    patchRow->addWidget(m_patchW);
    patchRow->addWidget(m_square);

    auto* model = new QGroupBox(tr("Patch embedding"));
    auto* mf = new QFormLayout(model);
    mf->addRow(tr("Patch (P × Q)"), patchRow);
    mf->addRow(tr("embed_dim"), m_dim);
    mf->addRow(tr("Channels"), m_channels);
    auto* checks = new QHBoxLayout;
    checks->addWidget(m_bias);
    checks->addWidget(m_layerNorm);
    mf->addRow(QString(), checks);

    auto* input = new QGroupBox(tr("Image"));
    auto* inf = new QFormLayout(input);
    inf->addRow(tr("Size"), m_sizeMode);
    inf->addRow(tr("img_size"), m_imgSize);
    inf->addRow(tr("crop_pct"), m_cropPct);
    inf->addRow(tr("Interpolation"), m_interpolation);
    inf->addRow(tr("Normalisation"), m_preset);

    auto* weights = new QGroupBox(tr("Weights"));
    auto* wf = new QFormLayout(weights);
    wf->addRow(tr("Source"), m_weightsSource);
    wf->addRow(tr("Init"), m_init);
    wf->addRow(tr("Seed"), m_seed);
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(m_weightsFile, 1);
    fileRow->addWidget(m_chooseWeights);
    wf->addRow(tr("File"), fileRow);
    wf->addRow(QString(), m_resample);

    m_arithmetic = new QLabel;
    m_arithmetic->setWordWrap(true);
    m_arithmetic->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_arithmetic->setToolTip(
        tr("The arithmetic of this configuration, as `tessera-cli info` prints it."));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(model);
    layout->addWidget(input);
    layout->addWidget(weights);
    layout->addWidget(m_arithmetic);
    layout->addStretch(1);

    for (QSpinBox* s : {m_patchH, m_patchW, m_dim, m_imgSize, m_seed})
        connect(s, &QSpinBox::valueChanged, this, &ControlsPanel::edited);
    connect(m_patchH, &QSpinBox::valueChanged, this, [this](int v) {
        if (m_square->isChecked() && !m_updating)
            m_patchW->setValue(v);
    });
    connect(m_patchW, &QSpinBox::valueChanged, this, [this](int v) {
        if (m_square->isChecked() && !m_updating)
            m_patchH->setValue(v);
    });
    connect(m_cropPct, &QDoubleSpinBox::valueChanged, this, &ControlsPanel::edited);
    for (QComboBox* c : {m_channels, m_sizeMode, m_interpolation, m_init, m_weightsSource})
        connect(c, &QComboBox::currentIndexChanged, this, &ControlsPanel::edited);
    connect(m_preset, &QComboBox::currentIndexChanged, this, [this] {
        // A preset brings its crop_pct and interpolation with it; the user may then change them.
        const Preset& p = presetNamed(m_preset->currentText().toStdString());
        m_updating = true;
        m_cropPct->setValue(p.cropPct);
        m_interpolation->setCurrentIndex(int(p.interpolation));
        m_updating = false;
        edited();
    });
    for (QCheckBox* c : {m_bias, m_layerNorm, m_resample})
        connect(c, &QCheckBox::toggled, this, &ControlsPanel::edited);
    connect(m_chooseWeights, &QPushButton::clicked, this, &ControlsPanel::chooseWeights);
    updateEnabled();
}

void ControlsPanel::edited() {
    if (m_updating)
        return;
    if (m_weightsSource->currentIndex() == 1 && m_weightsPath.isEmpty()) {
        chooseWeights(); // "From file" with no file yet: ask for one
        return;
    }
    updateEnabled();
    emit specEdited();
}

void ControlsPanel::updateEnabled() {
    const bool fromFile = m_weightsSource->currentIndex() == 1 && m_fileWeights;
    const SizeMode& mode = kSizeModes[m_sizeMode->currentIndex()];
    m_imgSize->setEnabled(mode.usesImgSize);
    m_cropPct->setEnabled(mode.fit == ImageFit::CenterCrop);
    m_interpolation->setEnabled(mode.usesImgSize);
    m_init->setEnabled(!fromFile);
    m_seed->setEnabled(!fromFile);
    m_resample->setEnabled(fromFile);
    const bool patchFree = !fromFile || m_resample->isChecked();
    m_patchH->setEnabled(patchFree);
    m_patchW->setEnabled(patchFree);
    m_square->setEnabled(patchFree);
    m_dim->setEnabled(!fromFile);
    m_channels->setEnabled(!fromFile);
    m_bias->setEnabled(!fromFile);
}

Spec ControlsPanel::spec() const {
    Spec s;
    s.patch = Size2{m_patchH->value(), m_patchW->value()};
    s.embedDim = m_dim->value();
    s.inChans = m_channels->currentIndex() == 1 ? 1 : 3;
    const SizeMode& mode = kSizeModes[m_sizeMode->currentIndex()];
    s.fit = mode.fit;
    s.pad = mode.pad;
    if (mode.usesImgSize)
        s.imgSize = Size2{m_imgSize->value(), m_imgSize->value()};
    s.cropPct = m_cropPct->value();
    s.interpolation = Interpolation(m_interpolation->currentIndex());
    s.preset = m_preset->currentText().toStdString();
    s.bias = m_bias->isChecked();
    s.norm = m_layerNorm->isChecked() ? NormKind::LayerNorm : NormKind::None;
    s.init = kInits[m_init->currentIndex()];
    s.seed = std::uint64_t(m_seed->value());
    if (m_weightsSource->currentIndex() == 1 && m_fileWeights) {
        s.weightsPath = m_weightsPath.toStdString();
        s.resampleWeights = m_resample->isChecked();
    }
    return s;
}

void ControlsPanel::setSpec(const Spec& s) {
    m_updating = true;
    m_patchH->setValue(s.patchSize().h);
    m_patchW->setValue(s.patchSize().w);
    m_square->setChecked(s.patchSize().h == s.patchSize().w);
    m_dim->setValue(s.dim());
    m_channels->setCurrentIndex(s.channels() == 1 ? 1 : 0);
    for (int i = 0; i < int(std::size(kSizeModes)); ++i)
        if (kSizeModes[i].fit == s.imageFit())
            m_sizeMode->setCurrentIndex(i);
    if (s.imgSize)
        m_imgSize->setValue(s.imgSize->h);
    const Preset& preset = presetNamed(s.preset);
    m_preset->setCurrentText(QString::fromUtf8(preset.name.data(), qsizetype(preset.name.size())));
    m_cropPct->setValue(s.cropPct.value_or(preset.cropPct));
    m_interpolation->setCurrentIndex(int(s.interpolation.value_or(preset.interpolation)));
    m_bias->setChecked(s.bias);
    m_layerNorm->setChecked(s.norm == NormKind::LayerNorm);
    for (int i = 0; i < int(std::size(kInits)); ++i)
        if (kInits[i] == s.init)
            m_init->setCurrentIndex(i);
    m_seed->setValue(int(std::min<std::uint64_t>(s.seed, 1 << 30)));
    m_resample->setChecked(s.resampleWeights);
    m_updating = false;
    QString error;
    if (!s.weightsPath.empty() && !useWeightsFile(QString::fromStdString(s.weightsPath), &error))
        m_weightsSource->setCurrentIndex(0);
    updateEnabled();
}

bool ControlsPanel::useWeightsFile(const QString& path, QString* error) {
    try {
        FoundWeights found = io::loadWeights(path.toStdString(), {});
        m_updating = true;
        m_fileWeights = std::move(found);
        m_weightsPath = path;
        const PatchEmbedWeights& w = m_fileWeights->weights;
        if (!m_resample->isChecked()) {
            m_square->setChecked(w.patch().h == w.patch().w);
            m_patchH->setValue(w.patch().h);
            m_patchW->setValue(w.patch().w);
        }
        m_dim->setValue(w.dim());
        m_channels->setCurrentIndex(w.channels() == 1 ? 1 : 0);
        m_bias->setChecked(!w.bias.empty());
        m_layerNorm->setChecked(!w.normWeight.empty());
        m_weightsSource->setCurrentIndex(1);
        m_weightsFile->setText(QString("%1 — %2×%3×%4×%5 (%6)")
                                   .arg(QFileInfo(path).fileName())
                                   .arg(w.dim())
                                   .arg(w.channels())
                                   .arg(w.patch().h)
                                   .arg(w.patch().w)
                                   .arg(QString::fromStdString(m_fileWeights->layout)));
        m_updating = false;
        updateEnabled();
        return true;
    } catch (const InputError& e) {
        m_updating = false;
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
}

void ControlsPanel::chooseWeights() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Weights file"), QString(),
                                                      tr("Weights (*.safetensors *.npy *.npz)"));
    QString error;
    if (path.isEmpty() || !useWeightsFile(path, &error)) {
        m_updating = true;
        if (!m_fileWeights)
            m_weightsSource->setCurrentIndex(0);
        m_updating = false;
        if (!error.isEmpty())
            m_weightsFile->setText(
                tr("<span style='color:#c0392b'>%1</span>").arg(error.toHtmlEscaped()));
        updateEnabled();
        return;
    }
    emit specEdited();
}

void ControlsPanel::showArithmetic(std::optional<Size2> inputSize) {
    if (!inputSize) {
        m_arithmetic->setText(tr("No image yet."));
        return;
    }
    try {
        const Spec s = spec();
        const PreprocessPlan plan = planPreprocess(*inputSize, s);
        const Arithmetic a = arithmetic(s, plan.output);
        m_arithmeticError = false;
        m_arithmetic->setText(
            tr("<b>grid</b> %1×%2 · <b>N</b> %3 patches · <b>C·P·Q</b> %4 values per patch<br>"
               "<b>parameters</b> %5 · <b>FLOPs</b> %6<br><b>output</b> (1, %3, %7)")
                .arg(a.grid.gh)
                .arg(a.grid.gw)
                .arg(a.patches)
                .arg(a.valuesPerPatch)
                .arg(big(double(a.params())))
                .arg(big(a.flops))
                .arg(a.dim));
    } catch (const InputError& e) {
        m_arithmeticError = true;
        m_arithmetic->setText(tr("<span style='color:#c0392b'>%1</span>")
                                  .arg(QString::fromStdString(e.what()).toHtmlEscaped()));
    }
}

QString ControlsPanel::arithmeticText() const {
    return m_arithmetic->text();
}

} // namespace tessera::ui
