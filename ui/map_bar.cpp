#include "map_bar.hpp"

#include "compute_job.hpp"
#include "image_view.hpp"
#include "patch_maps.hpp"
#include "session.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>

#include <algorithm>

namespace tessera::ui {

MapBar::MapBar(PatchMaps* maps, ImageView* view, Session* session, QWidget* parent)
    : QToolBar(tr("Map"), parent), m_maps(maps), m_view(view), m_session(session) {
    setObjectName("mapToolbar");
    m_kind = new QComboBox;
    for (const MapKindRow& row : mapKinds())
        m_kind->addItem(QCoreApplication::translate("tessera::ui::PatchMaps", row.label),
                        int(row.kind));
    m_kind->setToolTip(tr("What the colours over the patches show (View ▸ Map, H, turns it on "
                          "and off)"));
    addWidget(m_kind);

    addWidget(new QLabel(tr(" Opacity ")));
    m_opacity = new QSlider(Qt::Horizontal);
    m_opacity->setRange(0, 100);
    m_opacity->setMaximumWidth(90);
    m_opacity->setToolTip(tr("Opacity of the map, whichever it is"));
    addWidget(m_opacity);

    m_similarityActions << addSeparator() << addWidget(new QLabel(tr("Outline ")));
    m_similar = new QSpinBox;
    m_similar->setRange(0, 64);
    m_similar->setSuffix(tr(" most similar"));
    m_similar->setToolTip(tr("How many of the most similar patches are outlined"));
    m_similarityActions << addWidget(m_similar);

    m_pcaActions << addSeparator() << addWidget(new QLabel(tr("Components ")));
    static const char* kChannel[3] = {QT_TR_NOOP("red"), QT_TR_NOOP("green"), QT_TR_NOOP("blue")};
    for (int c = 0; c < 3; ++c) {
        m_components[c] = new QSpinBox;
        m_components[c]->setPrefix(tr("PC"));
        m_components[c]->setToolTip(
            tr("The principal component shown in %1 (PC1 explains the most variance)")
                .arg(tr(kChannel[c])));
        m_pcaActions << addWidget(m_components[c]);
    }
    m_foregroundOnly = new QCheckBox(tr("Fit on norm ≥"));
    m_foregroundOnly->setToolTip(
        tr("Fit the PCA only on patches whose embedding norm reaches this value (the foreground, "
           "as in DINO's pictures); the others are left clear"));
    m_foreground = new QDoubleSpinBox;
    m_foreground->setDecimals(3);
    m_foreground->setRange(0, 1e9);
    m_pcaActions << addWidget(m_foregroundOnly) << addWidget(m_foreground);

    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        // Choosing a map shows it.
        Overlays o = m_view->overlays();
        o.map = true;
        m_view->setOverlays(o);
        edit();
    });
    connect(m_opacity, &QSlider::valueChanged, this, [this](int v) {
        Overlays o = m_view->overlays();
        o.mapOpacity = v / 100.0;
        m_view->setOverlays(o);
    });
    connect(m_similar, &QSpinBox::valueChanged, this, &MapBar::edit);
    for (QSpinBox* s : m_components)
        connect(s, &QSpinBox::valueChanged, this, &MapBar::edit);
    connect(m_foregroundOnly, &QCheckBox::toggled, this, &MapBar::edit);
    connect(m_foreground, &QDoubleSpinBox::valueChanged, this, &MapBar::edit);
    connect(m_maps, &PatchMaps::optionsChanged, this, &MapBar::showOptions);
    connect(m_view, &ImageView::overlaysChanged, this, [this] {
        const QSignalBlocker quiet(m_opacity);
        m_opacity->setValue(int(100 * m_view->overlays().mapOpacity + 0.5));
    });
    connect(m_session, &Session::resultReady, this, &MapBar::showOptions);
    m_opacity->setValue(int(100 * m_view->overlays().mapOpacity + 0.5));
    showOptions();
}

void MapBar::showOptions() {
    const MapOptions& o = m_maps->options();
    const JobOutcome* out = m_session->current();
    const int d = out ? out->dim : 3;
    const QList<QWidget*> widgets{m_kind,          m_similar,       m_components[0],
                                  m_components[1], m_components[2], m_foregroundOnly,
                                  m_foreground};
    QList<std::shared_ptr<QSignalBlocker>> quiet;
    for (QWidget* w : widgets)
        quiet << std::make_shared<QSignalBlocker>(w);
    m_kind->setCurrentIndex(m_kind->findData(int(o.kind)));
    m_similar->setValue(o.similar);
    for (int c = 0; c < 3; ++c) {
        // As many components as the fit keeps (16 at most), and no more than D.
        m_components[c]->setRange(1, std::clamp(d, 1, 16));
        m_components[c]->setValue(o.components[std::size_t(c)] + 1);
    }
    m_foregroundOnly->setChecked(o.foregroundOnly);
    m_foreground->setValue(o.foreground);
    m_foreground->setEnabled(o.foregroundOnly);
    if (out && !out->result.norms.data.empty()) {
        // Steps of a fiftieth of the norms' range, whatever their scale.
        const auto [lo, hi] =
            std::minmax_element(out->result.norms.data.begin(), out->result.norms.data.end());
        m_foreground->setSingleStep(std::max(1e-3, double(*hi - *lo) / 50));
    }
    for (QAction* a : m_similarityActions)
        a->setVisible(o.kind == MapKind::Similarity);
    for (QAction* a : m_pcaActions)
        a->setVisible(o.kind == MapKind::PcaColours);
}

void MapBar::edit() {
    MapOptions o = m_maps->options();
    o.kind = MapKind(m_kind->currentData().toInt());
    o.similar = m_similar->value();
    for (int c = 0; c < 3; ++c)
        o.components[std::size_t(c)] = m_components[c]->value() - 1;
    if (m_foregroundOnly->isChecked() && !o.foregroundOnly && m_foreground->value() == 0) {
        // Turning the threshold on starts it at the median norm: half the patches fitted.
        if (const JobOutcome* out = m_session->current(); out && !out->result.norms.data.empty()) {
            std::vector<float> norms = out->result.norms.data;
            std::nth_element(norms.begin(), norms.begin() + norms.size() / 2, norms.end());
            const QSignalBlocker quiet(m_foreground);
            m_foreground->setValue(norms[norms.size() / 2]);
        }
    }
    o.foregroundOnly = m_foregroundOnly->isChecked();
    o.foreground = m_foreground->value();
    m_maps->setOptions(o);
    showOptions();
}

} // namespace tessera::ui
