#pragma once

#include "bytespike/AdminTypes.h"
#include "models/ItemTableModel.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableView;

namespace bytespike {

class ChannelModelsModel;
class EmbeddedGateway;
class EmptyState;

// Channels and pricing: the channel list from GET /admin/channels (the one pricing source) and
// an editor for the selected channel: its settings, its models with prices in dollars per
// million tokens checked as they are typed, a margin column, the price history, a keychain
// secret, a connection test. Edits stay a draft (with undo and revert) until saved with PUT and
// the version it was loaded at; a 409 says who won and offers a reload.
class ChannelsPage : public QWidget
{
    Q_OBJECT
public:
    explicit ChannelsPage(EmbeddedGateway &gateway, QWidget *parent = nullptr);
    ~ChannelsPage() override;

    bool isDirty() const { return m_draft != m_loaded; }
    // The first problem that keeps the draft from being saved, or empty.
    QString draftProblem() const;

public Q_SLOTS:
    void reload();
    // Selects the channel (from another page's link), unless the one shown has unsaved edits.
    void openChannel(const QString &id);

Q_SIGNALS:
    // Test connection came back: whether the channel answered.
    void connectionTested(bool ok);

protected:
    void changeEvent(QEvent *event) override;

private:
    // The constructor's parts (ChannelsPageBuild.cpp).
    void setUpWidgets();
    void buildLayout();
    void connectSignals();
    void retranslate();
    void showChannels(const QList<ChannelView> &channels);
    void selectChannel(const ChannelView &view);
    void showDraft();
    // The form's fields, for undo steps (None: an edit that is always a step of its own).
    enum class Field {
        None,
        Name,
        Protocol,
        BaseUrl,
        SecretRef,
        CaFile,
        Proxy,
        ProxySecretRef,
        Enabled,
        Priority,
        Weight
    };
    // Records the draft before a change so undo can return to it; edits of one field in a row
    // share one step.
    void remember(Field field);
    void formEdited(Field field);
    void undo();
    void revert();
    void save();
    void addChannel();
    void deleteChannel();
    void addModel();
    void removeModel();
    void storeSecret();
    void testConnection();
    void loadHistory();
    // An action's outcome (saved, conflict, test result) stays until the next edit; without one
    // the message line tells what keeps the draft from being saved.
    void setMessage(const QString &text, bool problem);
    void draftChanged();
    void updateActions();

    EmbeddedGateway &m_gateway;
    ItemTableModel<ChannelView> *m_channels;
    EmptyState *m_noChannels = nullptr;
    EmptyState *m_noModels = nullptr;
    QTableView *m_channelView;
    QPushButton *m_add;
    QPushButton *m_delete;
    QPushButton *m_reload;

    QFormLayout *m_form;
    QLineEdit *m_name;
    QComboBox *m_protocol;
    QLineEdit *m_baseUrl;
    QLineEdit *m_secretRef;
    QLineEdit *m_caFile;
    QLineEdit *m_proxy;
    QLineEdit *m_proxySecretRef;
    QCheckBox *m_enabled;
    QSpinBox *m_priority;
    QSpinBox *m_weight;
    QLineEdit *m_secretValue;
    QPushButton *m_storeSecret;

    QTabWidget *m_tabs;
    ChannelModelsModel *m_models;
    QTableView *m_modelView;
    QPushButton *m_addModel;
    QPushButton *m_removeModel;
    ItemTableModel<PriceVersion> *m_history;
    QTableView *m_historyView;

    QLabel *m_message;
    QPushButton *m_undo;
    QPushButton *m_revert;
    QPushButton *m_save;
    QPushButton *m_test;

    std::optional<Channel> m_loaded; // the selected channel as saved (none: nothing saved selected)
    std::optional<Channel> m_draft; // what the editor shows (none: nothing to edit)
    QList<Channel> m_undoStack;
    Field m_lastEditedField = Field::None;
    bool m_showing = false; // filling the widgets from the draft, not an edit
    bool m_busy = false; // a save or delete is on its way
    bool m_actionMessage = false; // the message line shows an action's outcome
};

} // namespace bytespike
