#include "controls_panel.hpp"

#include "app_words.hpp"
#include "arithmetic.hpp"
#include "checkpoint_chooser.hpp"
#include "checkpoint_scan.hpp"
#include "error.hpp"
#include "preprocess.hpp"
#include "weights_file.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QVBoxLayout>

#include <limits>

namespace tessera::ui {
namespace {

QSpinBox* spin(int lo, int hi, int value, const QString& tip) {
    auto* s = new QSpinBox;
    s->setRange(lo, hi);
    s->setValue(value);
    s->setToolTip(tip);
    s->setKeyboardTracking(false); // typing "768" computes once, not for 7, 76 and 768
    return s;
}

QString qs(std::string_view v) {
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}

// A combo box of one enum's choices, from core's table: labels translated, values in itemData.
template <class E> QComboBox* choiceCombo(const QString& tip) {
    auto* c = new QComboBox;
    for (const Choice<E>& row : choiceTable<E>().rows) {
        c->addItem(QCoreApplication::translate("tessera::Choice", row.label), int(row.value));
        c->setItemData(c->count() - 1, qs(row.help), Qt::ToolTipRole);
    }
    c->setToolTip(tip);
    return c;
}

template <class E> E valueOf(const QComboBox* c) {
    return E(c->currentData().toInt());
}

void selectData(QComboBox* c, const QVariant& value) {
    const int i = c->findData(value);
    if (i >= 0)
        c->setCurrentIndex(i);
}

// The size policy a fit implies when it is chosen in the app: timm's for the two that resize to
// img_size, padding for the native size, and none for the crop that makes the sides divide.
PadPolicy padFor(ImageFit fit) {
    switch (fit) {
    case ImageFit::CenterCrop:
    case ImageFit::Squash:
        return PadPolicy::Strict;
    case ImageFit::Native:
        return PadPolicy::Dynamic;
    case ImageFit::CropToMultiple:
        return PadPolicy::None;
    }
    return PadPolicy::Dynamic;
}

bool usesImgSize(ImageFit fit) {
    return fit == ImageFit::CenterCrop || fit == ImageFit::Squash;
}

QString big(double v) {
    return QLocale().toString(v, 'f', 0);
}

} // namespace

// The seed's editor says editingFinished when it loses focus as the widgets are destroyed, after
// m_spec is gone: it must not write to it then (as CompareView's editor, which UBSan caught).
ControlsPanel::~ControlsPanel() {
    m_seed->disconnect(this);
}

ControlsPanel::ControlsPanel(WeightsFile* weights, QWidget* parent)
    : QWidget(parent), m_weights(weights) {
    m_patchH = spin(1, 1024, 16, tr("Patch height P in pixels: each patch covers P rows."));
    m_patchW = spin(1, 1024, 16, tr("Patch width Q in pixels: each patch covers Q columns."));
    m_square = new QCheckBox(tr("square"));
    m_square->setChecked(true);
    m_square->setToolTip(tr("Keep the patch square: changing one side changes the other."));
    m_dim = spin(1, 16384, 768, tr("embed_dim D: the length of each patch's embedding vector."));
    m_channels = new QComboBox;
    m_channels->addItem(tr("RGB (3)"), 3);
    m_channels->addItem(tr("Grayscale (1)"), 1);
    m_channels->setToolTip(tr("Input channels C: RGB, or luminance as PIL's convert(\"L\")."));
    m_fromFile = new QLabel(tr("Patch size, embed_dim, channels, bias and LayerNorm come from "
                               "the weights file."));
    m_fromFile->setWordWrap(true);
    m_fromFile->setStyleSheet("QLabel { color: #2471a3; }");
    m_sizeMode = choiceCombo<ImageFit>(
        tr("How the image reaches the model's input size before it is cut into patches."));
    m_pad = choiceCombo<PadPolicy>(
        tr("What happens when the native size is not a multiple of the patch (timm's PatchEmbed "
           "size policy)."));
    m_imgSize = spin(1, 8192, 224, tr("img_size: the square input size the model expects."));
    m_cropPct = new QDoubleSpinBox;
    m_cropPct->setRange(0.1, 1.0);
    m_cropPct->setSingleStep(0.005);
    m_cropPct->setDecimals(3);
    m_cropPct->setValue(0.875);
    m_cropPct->setKeyboardTracking(false);
    m_cropPct->setToolTip(
        tr("crop_pct: the shorter side is resized to img_size / crop_pct, then center-cropped."));
    m_interpolation = choiceCombo<Interpolation>(
        tr("Resampling used to resize the image (PIL's, as timm uses)."));
    m_preset = new QComboBox;
    for (const Preset& p : presets())
        m_preset->addItem(qs(p.name), qs(p.name));
    m_preset->setToolTip(tr("Normalisation preset: the mean/std (and crop_pct, interpolation) a "
                            "model family was trained with."));

    m_weightsSource = new QComboBox;
    m_weightsSource->addItem(tr("Random"), false);
    m_weightsSource->addItem(tr("From file"), true);
    m_weightsSource->setToolTip(
        tr("Random weights from an init scheme and seed, or a checkpoint's trained kernel."));
    m_init = choiceCombo<InitScheme>(tr("Init scheme of the random weights (PyTorch default is "
                                        "what timm's PatchEmbed starts with)."));
    m_seed = new QLineEdit("0");
    m_seed->setValidator(new QRegularExpressionValidator(QRegularExpression("[0-9]{1,19}"), this));
    m_seed->setToolTip(tr("Seed of the random weights (0 to 2^63-1): the same seed gives the same "
                          "weights, here and in tessera-cli."));
    m_weightsFile = new QLabel(tr("(none)"));
    m_weightsFile->setWordWrap(true);
    m_weightsFile->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_chooseWeights = new QPushButton(tr("Choose…"));
    m_chooseWeights->setToolTip(
        tr("Pick a PatchEmbed's weights: a checkpoint found on this machine (Hugging Face or "
           "torch hub cache, your folders) or any file: .safetensors, .pth/.bin (PyTorch), "
           ".npz or .npy."));
    m_prefix = new QComboBox;
    m_prefix->setToolTip(tr("This checkpoint holds several patch embeddings: which one to use."));
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
    mf->addRow(m_fromFile);

    auto* input = new QGroupBox(tr("Image"));
    auto* inf = new QFormLayout(input);
    inf->addRow(tr("Size"), m_sizeMode);
    inf->addRow(tr("Size policy"), m_pad);
    inf->addRow(tr("img_size"), m_imgSize);
    inf->addRow(tr("crop_pct"), m_cropPct);
    inf->addRow(tr("Interpolation"), m_interpolation);
    inf->addRow(tr("Normalisation"), m_preset);

    auto* weightsBox = new QGroupBox(tr("Weights"));
    auto* wf = new QFormLayout(weightsBox);
    wf->addRow(tr("Source"), m_weightsSource);
    wf->addRow(tr("Init"), m_init);
    wf->addRow(tr("Seed"), m_seed);
    // The file's description and, when a file is refused, the whole reason, on a row of their own
    // across the panel: a reason cut off would hide "nothing in the file was run".
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(m_chooseWeights);
    fileRow->addStretch(1);
    wf->addRow(tr("File"), fileRow);
    wf->addRow(m_weightsFile);
    wf->addRow(tr("Embedding"), m_prefix);
    wf->addRow(QString(), m_resample);
    for (QFormLayout* f : {mf, inf, wf})
        f->setRowWrapPolicy(QFormLayout::WrapLongRows);

    m_arithmetic = new QLabel;
    m_arithmetic->setWordWrap(true);
    m_arithmetic->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_arithmetic->setToolTip(
        tr("The arithmetic of this configuration, as `tessera-cli info` prints it."));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(model);
    layout->addWidget(input);
    layout->addWidget(weightsBox);
    layout->addWidget(m_arithmetic);
    layout->addStretch(1);

    // Each widget writes its own field of the Spec, and nothing else.
    auto onEdit = [this](auto widgetSignalOwner, auto signal, auto write) {
        connect(widgetSignalOwner, signal, this, [this, write](auto&&...) {
            if (m_updating)
                return;
            write();
            edited();
        });
    };
    onEdit(m_patchH, &QSpinBox::valueChanged, [this] {
        const int h = m_patchH->value();
        m_spec.patch = Size2{h, m_square->isChecked() ? h : m_patchW->value()};
    });
    onEdit(m_patchW, &QSpinBox::valueChanged, [this] {
        m_spec.patch =
            Size2{m_square->isChecked() ? m_patchW->value() : m_patchH->value(), m_patchW->value()};
    });
    onEdit(m_square, &QCheckBox::toggled, [this] {
        // Re-ticking "square" makes the patch square again (its height wins).
        if (m_square->isChecked() && m_patchH->value() != m_patchW->value())
            m_spec.patch = Size2{m_patchH->value(), m_patchH->value()};
    });
    onEdit(m_dim, &QSpinBox::valueChanged, [this] { m_spec.embedDim = m_dim->value(); });
    onEdit(m_channels, &QComboBox::currentIndexChanged,
           [this] { m_spec.inChans = m_channels->currentData().toInt(); });
    onEdit(m_sizeMode, &QComboBox::currentIndexChanged, [this] {
        const ImageFit fit = valueOf<ImageFit>(m_sizeMode);
        m_spec.fit = fit;
        m_spec.pad = padFor(fit);
        if (usesImgSize(fit))
            m_spec.imgSize = Size2{m_imgSize->value(), m_imgSize->value()};
        else
            m_spec.imgSize.reset();
    });
    onEdit(m_pad, &QComboBox::currentIndexChanged,
           [this] { m_spec.pad = valueOf<PadPolicy>(m_pad); });
    onEdit(m_imgSize, &QSpinBox::valueChanged, [this] {
        m_spec.imgSize = Size2{m_imgSize->value(), m_imgSize->value()};
    });
    onEdit(m_cropPct, &QDoubleSpinBox::valueChanged,
           [this] { m_spec.cropPct = m_cropPct->value(); });
    onEdit(m_interpolation, &QComboBox::currentIndexChanged,
           [this] { m_spec.interpolation = valueOf<Interpolation>(m_interpolation); });
    onEdit(m_preset, &QComboBox::currentIndexChanged, [this] {
        // A preset brings its crop_pct and interpolation with it; the user may then change them.
        m_spec.preset = m_preset->currentData().toString().toStdString();
        m_spec.cropPct.reset();
        m_spec.interpolation.reset();
    });
    onEdit(m_init, &QComboBox::currentIndexChanged,
           [this] { m_spec.init = valueOf<InitScheme>(m_init); });
    onEdit(m_seed, &QLineEdit::editingFinished, [this] {
        bool ok = false;
        const qulonglong v = m_seed->text().toULongLong(&ok);
        if (ok && v <= qulonglong(std::numeric_limits<long long>::max()))
            m_spec.seed = v;
    });
    onEdit(m_bias, &QCheckBox::toggled, [this] { m_spec.bias = m_bias->isChecked(); });
    onEdit(m_layerNorm, &QCheckBox::toggled, [this] {
        m_spec.norm = m_layerNorm->isChecked() ? NormKind::LayerNorm : NormKind::None;
    });
    onEdit(m_resample, &QCheckBox::toggled, [this] {
        m_spec.resampleWeights = m_resample->isChecked();
        // PI-resize on: the patch boxes choose the size (starting from the file's); off: the
        // file's own size again.
        if (m_spec.resampleWeights)
            m_spec.patch = Size2{m_patchH->value(), m_patchW->value()};
        else
            m_spec.patch.reset();
    });
    connect(m_weightsSource, &QComboBox::currentIndexChanged, this, [this] {
        if (m_updating)
            return;
        if (!m_weightsSource->currentData().toBool()) {
            setRandom();
            return;
        }
        if (m_weights->current()) { // back to the file read before
            m_userChoseFile = true;
            weightsLoaded();
            return;
        }
        chooseWeights();
    });
    connect(m_prefix, &QComboBox::currentIndexChanged, this, [this] {
        if (m_updating || !fileInUse())
            return;
        m_userChoseFile = true;
        m_weights->load(m_weights->path(), m_prefix->currentText());
    });
    connect(m_chooseWeights, &QPushButton::clicked, this, &ControlsPanel::chooseWeights);
    connect(m_weights, &WeightsFile::loaded, this, &ControlsPanel::weightsLoaded);
    connect(m_weights, &WeightsFile::failed, this, &ControlsPanel::weightsFailed);
    refresh();
}

bool ControlsPanel::fileInUse() const {
    return !m_spec.weightsPath.empty() && m_weights->current() &&
           QFile::encodeName(m_weights->path()).toStdString() == m_spec.weightsPath;
}

void ControlsPanel::edited() {
    refresh();
    emit specEdited();
}

void ControlsPanel::setSpec(const Spec& s) {
    m_spec = s;
    m_own.reset();
    m_userChoseFile = false;
    if (!s.weightsPath.empty() && !fileInUse())
        m_weights->load(QFile::decodeName(QByteArray::fromStdString(s.weightsPath)),
                        QString::fromStdString(s.weightsKey));
    refresh();
}

void ControlsPanel::useWeightsFile(const QString& path) {
    m_userChoseFile = true;
    m_weights->load(path);
}

void ControlsPanel::chooseWeights() {
    CheckpointChooser chooser(this);
    if (fileInUse())
        chooser.setCurrent(m_weights->path(), QString::fromStdString(m_spec.weightsKey));
    if (chooser.exec() != QDialog::Accepted || chooser.path().isEmpty()) {
        refresh(); // the source combo goes back to what the Spec says
        return;
    }
    m_userChoseFile = true; // as useWeightsFile, with the embedding the user picked
    m_weights->load(chooser.path(), chooser.prefix());
}

void ControlsPanel::weightsLoaded() {
    const std::shared_ptr<const FoundWeights> file = m_weights->current();
    if (m_userChoseFile) {
        // The user's choice: the file now drives the geometry. What the user had is kept for a
        // return to Random (once: a second file does not overwrite it with the first's values).
        if (!m_own)
            m_own = OwnGeometry{m_spec.patch, m_spec.embedDim, m_spec.inChans, m_spec.bias,
                                m_spec.norm};
        m_spec.weightsPath = QFile::encodeName(m_weights->path()).toStdString();
        // With several embeddings the choice is written down, so the CLI repeats it.
        m_spec.weightsKey = file->prefixes.size() > 1 ? file->prefix : std::string();
        if (m_fileResample && m_weights->path() == m_resamplePath) { // PI-resize as it was left
            m_spec.resampleWeights = true;
            m_spec.patch = m_fileResample;
        } else {
            m_spec.patch =
                m_spec.resampleWeights ? std::optional(file->weights.patch()) : std::nullopt;
        }
        m_fileResample.reset();
        m_spec.embedDim.reset();
        m_spec.inChans.reset();
        m_spec.bias = true;
        m_spec.norm = file->weights.normWeight.empty() ? NormKind::None : NormKind::LayerNorm;
        m_userChoseFile = false;
        refresh();
        emit specEdited();
        return;
    }
    refresh(); // setSpec's file: the Spec stays as given; the widgets show the file's values
    emit specEdited();
}

void ControlsPanel::weightsFailed(const QString& message) {
    m_userChoseFile = false;
    refresh();
    // The whole message, wrapped, also as a tooltip; it goes when a file loads or Random is on.
    const QString still =
        m_spec.weightsPath.empty()
            ? tr("Still using random weights.")
            : tr("Still using %1.")
                  .arg(QFileInfo(QFile::decodeName(QByteArray::fromStdString(m_spec.weightsPath)))
                           .fileName());
    // The core names the file by its full path first; its name is enough here (the tooltip keeps
    // the path), and a long path could not wrap.
    QString shown = message;
    if (const int colon = message.indexOf(QStringLiteral(": "));
        colon > 0 && message.left(colon).contains('/'))
        shown = QFileInfo(message.left(colon)).fileName() + message.mid(colon);
    m_weightsFile->setText(tr("<span style='color:#c0392b'>Cannot use this file: %1</span> %2")
                               .arg(shown.toHtmlEscaped(), still.toHtmlEscaped()));
    m_weightsFile->setToolTip(message);
}

void ControlsPanel::setRandom() {
    // Back to the same file later brings its PI-resize back too.
    m_fileResample = m_spec.resampleWeights ? m_spec.patch : std::nullopt;
    m_resamplePath = m_weights->path();
    m_spec.weightsPath.clear();
    m_spec.weightsKey.clear();
    m_spec.resampleWeights = false;
    if (m_own) {
        m_spec.patch = m_own->patch;
        m_spec.embedDim = m_own->embedDim;
        m_spec.inChans = m_own->inChans;
        m_spec.bias = m_own->bias;
        m_spec.norm = m_own->norm;
        m_own.reset();
    }
    edited();
}

void ControlsPanel::refresh() {
    m_updating = true;
    const Spec& s = m_spec;
    const std::shared_ptr<const FoundWeights> file = fileInUse() ? m_weights->current() : nullptr;
    const PatchEmbedWeights* w = file ? &file->weights : nullptr;
    const Size2 patch =
        w && !s.resampleWeights ? w->patch() : s.patch.value_or(w ? w->patch() : s.patchSize());
    m_patchH->setValue(patch.h);
    m_patchW->setValue(patch.w);
    if (patch.h != patch.w)
        m_square->setChecked(false);
    m_dim->setValue(w ? w->dim() : s.dim());
    selectData(m_channels, w ? w->channels() : (s.channels() == 1 ? 1 : 3));
    m_bias->setChecked(w ? !w->bias.empty() : s.bias);
    m_layerNorm->setChecked(s.norm == NormKind::LayerNorm);
    selectData(m_sizeMode, int(s.imageFit()));
    selectData(m_pad, int(s.padPolicy()));
    if (s.imgSize)
        m_imgSize->setValue(s.imgSize->h);
    const Preset& preset = presetNamed(s.preset);
    selectData(m_preset, qs(preset.name));
    m_cropPct->setValue(s.cropPct.value_or(preset.cropPct));
    selectData(m_interpolation, int(s.interpolation.value_or(preset.interpolation)));
    selectData(m_init, int(s.init));
    m_seed->setText(QString::number(qulonglong(s.seed)));
    m_resample->setChecked(s.resampleWeights);

    const bool fromFile = !s.weightsPath.empty();
    m_weightsSource->setCurrentIndex(fromFile ? 1 : 0);
    m_prefix->clear();
    if (file)
        for (const std::string& p : file->prefixes)
            m_prefix->addItem(QString::fromStdString(p));
    m_prefix->setCurrentText(QString::fromStdString(file ? file->prefix : std::string()));
    // "google/vit-base-patch16-224 @3f49326e · pytorch_model.bin" for a hub cache file: every
    // Hugging Face repository names its file the same.
    const QString fileName = QString::fromStdString(io::checkpointName(s.weightsPath));
    if (w) {
        m_weightsFile->setText(tr("%1 — %2×%3×%4×%5 (%6)")
                                   .arg(fileName)
                                   .arg(w->dim())
                                   .arg(w->channels())
                                   .arg(w->patch().h)
                                   .arg(w->patch().w)
                                   .arg(QString::fromStdString(file->layout)));
        m_weightsFile->setToolTip(QString::fromStdString(s.weightsPath));
    } else if (fromFile) {
        m_weightsFile->setText(m_weights->loading() ? tr("%1 — reading…").arg(fileName) : fileName);
        m_weightsFile->setToolTip(QString::fromStdString(s.weightsPath));
    } else {
        m_weightsFile->setText(tr("(none)"));
        m_weightsFile->setToolTip({});
    }
    m_updating = false;
    updateEnabled();
}

void ControlsPanel::updateEnabled() {
    const bool fromFile = !m_spec.weightsPath.empty();
    const ImageFit fit = valueOf<ImageFit>(m_sizeMode);
    // Native size with the strict policy checks the image against img_size: it needs one.
    m_imgSize->setEnabled(usesImgSize(fit) || valueOf<PadPolicy>(m_pad) == PadPolicy::Strict);
    m_pad->setEnabled(fit == ImageFit::Native);
    m_cropPct->setEnabled(fit == ImageFit::CenterCrop);
    m_interpolation->setEnabled(usesImgSize(fit));
    m_init->setEnabled(!fromFile);
    // PCA of the patches is fitted, not drawn: no seed plays a part.
    m_seed->setEnabled(!fromFile && m_spec.init != InitScheme::PcaPatches);
    m_resample->setEnabled(fromFile);
    m_prefix->setVisible(fromFile && m_prefix->count() > 1);
    if (auto* form = qobject_cast<QFormLayout*>(m_prefix->parentWidget()->layout()))
        if (QWidget* label = form->labelForField(m_prefix))
            label->setVisible(m_prefix->isVisibleTo(m_prefix->parentWidget()));
    const bool patchFree = !fromFile || m_resample->isChecked();
    m_patchH->setEnabled(patchFree);
    m_patchW->setEnabled(patchFree);
    m_square->setEnabled(patchFree);
    m_dim->setEnabled(!fromFile);
    m_channels->setEnabled(!fromFile);
    m_bias->setEnabled(!fromFile);
    m_layerNorm->setEnabled(!fromFile);
    m_fromFile->setVisible(fromFile);
    // With PI-resize the patch size is the user's again: the note must not say otherwise.
    m_fromFile->setText(patchFree && fromFile
                            ? tr("embed_dim, channels, bias and LayerNorm come from the weights "
                                 "file; its kernel is PI-resized to the patch size you set.")
                            : tr("Patch size, embed_dim, channels, bias and LayerNorm come from "
                                 "the weights file."));
}

void ControlsPanel::showArithmetic(std::optional<Size2> inputSize) {
    if (!inputSize) {
        m_arithmetic->setText(tr("No image yet."));
        return;
    }
    Spec s = m_spec;
    if (fileInUse()) { // what the file brings, as the run will have it
        const PatchEmbedWeights& w = m_weights->current()->weights;
        if (!s.patch)
            s.patch = w.patch();
        s.embedDim = w.dim();
        s.inChans = w.channels();
        s.bias = !w.bias.empty();
    }
    try {
        const PreprocessPlan plan = planPreprocess(*inputSize, s);
        const Arithmetic a = arithmetic(s, plan.output);
        m_arithmeticError = false;
        m_arithmetic->setText(
            tr("<b>image</b> %8 → <b>model input</b> %9<br>"
               "<b>grid</b> %1×%2 · <b>N</b> %3 patches · <b>C·P·Q</b> %4 values per patch<br>"
               "<b>parameters</b> %5 · <b>FLOPs</b> %6<br><b>output</b> (1, %3, %7)")
                .arg(a.grid.gh)
                .arg(a.grid.gw)
                .arg(a.patches)
                .arg(a.valuesPerPatch)
                .arg(big(double(a.params())))
                .arg(big(a.flops))
                .arg(a.dim)
                .arg(QString::fromStdString(sizeString(*inputSize)))
                .arg(QString::fromStdString(sizeString(plan.output))));
    } catch (const InputError& e) {
        // Why, in the app's words (the controls' names, not the CLI's flags), with the sizes.
        m_arithmeticError = true;
        m_arithmetic->setText(
            tr("<span style='color:#c0392b'>These settings cannot be cut: %1</span>")
                .arg(appWords(e.what()).toHtmlEscaped()));
    }
}

QString ControlsPanel::arithmeticText() const {
    return m_arithmetic->text();
}

} // namespace tessera::ui
