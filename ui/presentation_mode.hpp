// Presentation mode (View ▸ Presentation, F11): the window full screen, every font larger and the
// image's lines thicker, for a projector at the back of a classroom. Off, the window returns to
// its size and the fonts and lines to what they were.
#pragma once

#include <QFont>
#include <QObject>

class QAction;
class QMainWindow;

namespace tessera::ui {

class ImageView;

class PresentationMode : public QObject {
    Q_OBJECT

  public:
    // Fonts grow by this factor, lines by kLineWidth: measured readable from 8 m on a 1080p
    // projector picture of the default window.
    static constexpr double kFontScale = 1.5;
    static constexpr double kLineWidth = 2.5;

    PresentationMode(QMainWindow* window, ImageView* view);
    QAction* action() const { return m_action; }
    bool on() const { return m_on; }
    void setOn(bool on);

  private:
    QMainWindow* m_window;
    ImageView* m_view;
    QAction* m_action;
    bool m_on = false;
    QFont m_font;                // the application font before
    bool m_wasMaximized = false; // the window state to return to
};

} // namespace tessera::ui
