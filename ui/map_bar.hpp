// MapBar: the toolbar that chooses the map over the image — which map, its opacity (one for all
// maps), and the chosen map's own options (how many similar patches to outline; which three
// principal components to show, and the norm a patch needs to be fitted).
//
// It edits PatchMaps' options and the image view's overlays, and follows both when they change
// elsewhere (the View menu, --view on the command line).
#pragma once

#include <QToolBar>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSlider;
class QSpinBox;

namespace tessera::ui {

class ImageView;
class PatchMaps;
class Session;

class MapBar : public QToolBar {
    Q_OBJECT

  public:
    MapBar(PatchMaps* maps, ImageView* view, Session* session, QWidget* parent = nullptr);

  private:
    void showOptions(); // the widgets of the map chosen, their ranges from the result
    void edit();        // the widgets' values into PatchMaps

    PatchMaps* m_maps;
    ImageView* m_view;
    Session* m_session;
    QComboBox* m_kind;
    QSlider* m_opacity;
    QSpinBox* m_similar;
    QSpinBox* m_components[3];
    QCheckBox* m_foregroundOnly;
    QDoubleSpinBox* m_foreground;
    QList<QAction*> m_similarityActions, m_pcaActions;
};

} // namespace tessera::ui
