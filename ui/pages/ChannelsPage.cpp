#include "ChannelsPage.h"

#include "GatewayCalls.h"
#include "Theme.h"
#include "bytespike/GatewayService.h"
#include "models/ChannelModelsModel.h"
#include "models/JsonTableModel.h"
#include "widgets/DollarDelegate.h"
#include "widgets/Widgets.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

namespace bytespike {

namespace {

using Kind = JsonTableModel::Kind;

QList<ItemTableModel<ChannelView>::Column> channelColumns()
{
    using V = ChannelView;
    return {{[](const V &v) { return QVariant(v.channel.name); }},
        {[](const V &v) { return QVariant(protocolName(v.channel.protocol)); }},
        {[](const V &v) { return QVariant(v.channel.enabled); }, Kind::Bool},
        {[](const V &v) { return QVariant(v.channel.priority); }, Kind::Integer},
        {[](const V &v) { return QVariant(v.channel.weight); }, Kind::Integer},
        {[](const V &v) { return QVariant(v.state.status); }},
        {[](const V &v) { return QVariant(v.channel.version); }, Kind::Integer}};
}

// A price of a version, or none for a model's first version (no old prices).
QVariant price(const std::optional<TokenPrices> &prices, bool output)
{
    return prices ? QVariant(output ? prices->outputMicrosPerMtok : prices->inputMicrosPerMtok) : QVariant();
}

QList<ItemTableModel<PriceVersion>::Column> historyColumns()
{
    using P = PriceVersion;
    return {{[](const P &p) { return QVariant(p.timeMs); }, Kind::Time}, {[](const P &p) { return QVariant(p.model); }},
        {[](const P &p) { return price(p.newPrices, false); }, Kind::Money},
        {[](const P &p) { return price(p.newPrices, true); }, Kind::Money},
        {[](const P &p) { return price(p.oldPrices, false); }, Kind::Money},
        {[](const P &p) { return price(p.oldPrices, true); }, Kind::Money},
        {[](const P &p) { return QVariant(p.author); }},
        {[](const P &p) { return QVariant(p.version); }, Kind::Integer}};
}

} // namespace

ChannelsPage::ChannelsPage(EmbeddedGateway &gateway, QWidget *parent)
    : QWidget(parent)
    , m_gateway(gateway)
    , m_channels(new ItemTableModel<ChannelView>(
          channelColumns(), [](const ChannelView &v) { return v.channel.id; }, this))
    , m_channelView(makeTableView(QStringLiteral("channelList"), nullptr, this))
    , m_add(makeButton(QStringLiteral("addChannelButton"), this))
    , m_delete(makeButton(QStringLiteral("deleteChannelButton"), this))
    , m_reload(makeButton(QStringLiteral("reloadChannelsButton"), this))
    , m_form(new QFormLayout)
    , m_name(new QLineEdit(this))
    , m_protocol(new QComboBox(this))
    , m_baseUrl(new QLineEdit(this))
    , m_secretRef(new QLineEdit(this))
    , m_enabled(new QCheckBox(this))
    , m_priority(new QSpinBox(this))
    , m_weight(new QSpinBox(this))
    , m_secretValue(new QLineEdit(this))
    , m_storeSecret(makeButton(QStringLiteral("storeSecretButton"), this))
    , m_tabs(new QTabWidget(this))
    , m_models(new ChannelModelsModel(this))
    , m_modelView(makeTableView(QStringLiteral("modelTable"), nullptr, this))
    , m_addModel(makeButton(QStringLiteral("addModelButton"), this))
    , m_removeModel(makeButton(QStringLiteral("removeModelButton"), this))
    , m_history(new ItemTableModel<PriceVersion>(
          historyColumns(), [](const PriceVersion &p) { return QString::number(p.version); }, this))
    , m_historyView(makeTableView(QStringLiteral("priceHistory"), nullptr, this))
    , m_message(new QLabel(this))
    , m_undo(makeButton(QStringLiteral("undoButton"), this))
    , m_revert(makeButton(QStringLiteral("revertButton"), this))
    , m_save(makeButton(QStringLiteral("saveButton"), this))
    , m_test(makeButton(QStringLiteral("testButton"), this))
{
    setUpWidgets();
    buildLayout();
    connectSignals();
    retranslate();
    showDraft();
}

ChannelsPage::~ChannelsPage()
{
    // A cell editor still open commits when the window closes, which is after this part of the
    // page is gone: its edit must not reach the draft any more.
    m_models->disconnect(this);
}

void ChannelsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ChannelsPage::retranslate()
{
    m_channels->setHeaders(
        {tr("Name"), tr("Protocol"), tr("Enabled"), tr("Priority"), tr("Weight"), tr("Status"), tr("Version")});
    m_models->setHeaders({tr("Model"), tr("Upstream model"), tr("Input $/MTok"), tr("Output $/MTok"),
        tr("Cache write $/MTok"), tr("Cache read $/MTok"), tr("Margin in / out")});
    m_history->setHeaders({tr("Time"), tr("Model"), tr("Input"), tr("Output"), tr("Input before"), tr("Output before"),
        tr("Changed by"), tr("Version")});
    const QStringList labels {tr("&Name:"), tr("P&rotocol:"), tr("&Base URL:"), tr("Secret &reference:"),
        tr("E&nabled:"), tr("Pr&iority:"), tr("&Weight:"), tr("&Keychain secret:")};
    for (int row = 0; row < m_form->rowCount(); ++row) {
        if (auto *label = qobject_cast<QLabel *>(m_form->itemAt(row, QFormLayout::LabelRole)->widget()))
            label->setText(labels.value(row));
    }
    m_enabled->setText(tr("Route requests to this channel"));
    m_secretRef->setPlaceholderText(tr("keychain:NAME, env:VAR or file:PATH"));
    m_secretValue->setPlaceholderText(tr("Paste a provider key to store it in the keychain"));
    m_add->setText(tr("&Add channel"));
    m_delete->setText(tr("&Delete channel"));
    m_reload->setText(tr("Re&load"));
    m_addModel->setText(tr("Add &model"));
    m_removeModel->setText(tr("Remove m&odel"));
    m_storeSecret->setText(tr("Store in &keychain"));
    m_undo->setText(tr("&Undo"));
    m_revert->setText(tr("Re&vert"));
    m_save->setText(tr("&Save"));
    m_test->setText(tr("&Test connection"));
    m_tabs->setTabText(0, tr("Models and prices"));
    m_tabs->setTabText(1, tr("Price history"));
    m_channelView->setAccessibleName(tr("Channels"));
    m_modelView->setAccessibleName(tr("Models and prices of the selected channel"));
    m_historyView->setAccessibleName(tr("Price history of the selected channel"));
    m_name->setAccessibleName(tr("Channel name"));
    m_protocol->setAccessibleName(tr("Channel protocol"));
    m_baseUrl->setAccessibleName(tr("Base URL"));
    m_secretRef->setAccessibleName(tr("Secret reference"));
    m_enabled->setAccessibleName(tr("Channel enabled"));
    m_priority->setAccessibleName(tr("Priority"));
    m_weight->setAccessibleName(tr("Weight"));
    m_secretValue->setAccessibleName(tr("Provider key to store in the keychain"));
    m_message->setAccessibleName(tr("Channel editor messages"));
    m_add->setAccessibleName(tr("Add a channel"));
    m_delete->setAccessibleName(tr("Delete the selected channel"));
    m_reload->setAccessibleName(tr("Reload the channels and discard unsaved edits"));
    m_addModel->setAccessibleName(tr("Add a model"));
    m_removeModel->setAccessibleName(tr("Remove the selected model"));
    m_storeSecret->setAccessibleName(tr("Store the provider key in the keychain"));
    m_undo->setAccessibleName(tr("Undo the last unsaved edit"));
    m_revert->setAccessibleName(tr("Revert every unsaved edit"));
    m_save->setAccessibleName(tr("Save the channel"));
    m_test->setAccessibleName(tr("Test the connection to the provider"));
    updateActions();
}

void ChannelsPage::reload()
{
    adminClient(m_gateway).listChannels(this, [this](const ClientResult<QList<ChannelView>> &channels) {
        if (!channels.ok()) {
            setMessage(tr("Cannot load the channels: %1").arg(channels.error().message), true);
            return;
        }
        showChannels(channels.value());
    });
}

void ChannelsPage::showChannels(const QList<ChannelView> &channels)
{
    m_channels->setItems(channels);
    const QString selected = m_loaded.value(QStringLiteral("id")).toString();
    int row = m_channels->rowCount() > 0 ? 0 : -1;
    for (int i = 0; i < m_channels->rowCount(); ++i) {
        if (m_channels->item(i).channel.id == selected)
            row = i;
    }
    // Nothing is being edited: show the fresh state of the selected channel.
    if (!isDirty() && row >= 0)
        selectChannel(m_channels->item(row));
    if (row >= 0) {
        const QSignalBlocker blocker(m_channelView->selectionModel());
        m_channelView->selectRow(row);
    }
}

void ChannelsPage::selectChannel(const ChannelView &view)
{
    const QJsonObject channel = channelToJson(view.channel);
    const bool another = channel.value(QStringLiteral("id")) != m_loaded.value(QStringLiteral("id"));
    m_loaded = channel;
    m_draft = m_loaded;
    m_undoStack.clear();
    m_lastEditedField.clear();
    const QString reason = view.state.reason;
    if (!reason.isEmpty())
        setMessage(tr("Unavailable: %1").arg(reason), true);
    else if (another)
        setMessage(QString(), false);
    showDraft();
    loadHistory();
}

void ChannelsPage::showDraft()
{
    m_showing = true;
    m_name->setText(m_draft.value(QStringLiteral("name")).toString());
    m_protocol->setCurrentIndex(
        std::max(0, m_protocol->findText(m_draft.value(QStringLiteral("protocol")).toString())));
    m_baseUrl->setText(m_draft.value(QStringLiteral("base_url")).toString());
    m_secretRef->setText(m_draft.value(QStringLiteral("secret_ref")).toString());
    m_enabled->setChecked(m_draft.value(QStringLiteral("enabled")).toBool(true));
    m_priority->setValue(m_draft.value(QStringLiteral("priority")).toInt());
    m_weight->setValue(m_draft.value(QStringLiteral("weight")).toInt(1));
    m_models->setModels(m_draft.value(QStringLiteral("models")).toArray());
    m_showing = false;
    updateActions();
}

void ChannelsPage::remember(const QString &field)
{
    if (field.isEmpty() || field != m_lastEditedField)
        m_undoStack.append(m_draft);
    m_lastEditedField = field;
}

void ChannelsPage::formEdited(const QString &field)
{
    if (m_showing || m_draft.isEmpty())
        return;
    remember(field);
    m_draft.insert(QStringLiteral("name"), m_name->text().trimmed());
    m_draft.insert(QStringLiteral("protocol"), m_protocol->currentText());
    m_draft.insert(QStringLiteral("base_url"), m_baseUrl->text().trimmed());
    m_draft.insert(QStringLiteral("secret_ref"), m_secretRef->text().trimmed());
    m_draft.insert(QStringLiteral("enabled"), m_enabled->isChecked());
    m_draft.insert(QStringLiteral("priority"), m_priority->value());
    m_draft.insert(QStringLiteral("weight"), m_weight->value());
    draftChanged();
}

void ChannelsPage::undo()
{
    if (m_undoStack.isEmpty())
        return;
    m_draft = m_undoStack.takeLast();
    m_lastEditedField.clear();
    m_actionMessage = false;
    showDraft();
}

void ChannelsPage::revert()
{
    m_draft = m_loaded;
    m_undoStack.clear();
    m_lastEditedField.clear();
    setMessage(QString(), false);
    showDraft();
}

QString ChannelsPage::draftProblem() const
{
    if (m_draft.isEmpty())
        return {};
    if (m_draft.value(QStringLiteral("name")).toString().isEmpty())
        return tr("A channel needs a name.");
    if (m_draft.value(QStringLiteral("protocol")).toString() != QLatin1String("simulator")) {
        const QUrl url(m_draft.value(QStringLiteral("base_url")).toString(), QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
            || url.host().isEmpty())
            return tr("The base URL must be an http:// or https:// address.");
    }
    QSet<QString> names;
    for (const QJsonValue &value : m_draft.value(QStringLiteral("models")).toArray()) {
        const QString name = value.toObject().value(QStringLiteral("model")).toString();
        if (name.isEmpty())
            return tr("Every model needs a public name.");
        if (names.contains(name))
            return tr("Model %1 is listed twice.").arg(name);
        names.insert(name);
    }
    return {};
}

void ChannelsPage::draftChanged()
{
    m_actionMessage = false;
    updateActions();
}

void ChannelsPage::setMessage(const QString &text, bool problem)
{
    m_actionMessage = !text.isEmpty();
    m_message->setText(text);
    m_message->setProperty("problem", problem);
    m_message->setStyleSheet(
        problem ? QStringLiteral("color: %1").arg(themeColor(QStringLiteral("negative")).name()) : QString());
}

void ChannelsPage::updateActions()
{
    const bool editing = !m_draft.isEmpty();
    const bool dirty = isDirty();
    const bool saved = m_loaded.contains(QStringLiteral("id"));
    const QString problem = draftProblem();
    for (QWidget *w : std::initializer_list<QWidget *> {
             m_name, m_protocol, m_baseUrl, m_secretRef, m_enabled, m_priority, m_weight, m_modelView, m_addModel})
        w->setEnabled(editing && !m_busy);
    m_baseUrl->setEnabled(
        editing && m_draft.value(QStringLiteral("protocol")).toString() != QLatin1String("simulator"));
    m_removeModel->setEnabled(editing && m_models->rowCount() > 0);
    m_secretValue->setEnabled(editing);
    m_storeSecret->setEnabled(editing && !m_secretValue->text().isEmpty() && !m_busy);
    m_save->setEnabled(dirty && problem.isEmpty() && !m_busy);
    m_revert->setEnabled(dirty && !m_busy);
    m_undo->setEnabled(!m_undoStack.isEmpty() && !m_busy);
    // One edit at a time: save or revert before choosing another channel.
    m_channelView->setEnabled(!dirty);
    m_add->setEnabled(!dirty && !m_busy);
    m_delete->setEnabled(!dirty && saved && !m_busy);
    m_test->setEnabled(!dirty && saved && !m_busy);
    if (m_actionMessage)
        return;
    setMessage(!problem.isEmpty() ? problem
            : dirty               ? tr("Unsaved changes: save them, undo or revert.")
                                  : QString(),
        !problem.isEmpty());
    m_actionMessage = false;
}

void ChannelsPage::save()
{
    if (!isDirty() || !draftProblem().isEmpty())
        return;
    const QString id = m_loaded.value(QStringLiteral("id")).toString();
    m_busy = true;
    updateActions();
    adminClient(m_gateway).saveChannelDefinition(this, id, m_draft, [this](const ClientResult<ChannelView> &result) {
        m_busy = false;
        if (!result.ok() && result.error().code() == AdminError::Conflict) {
            setMessage(tr("Not saved: %1 Reload shows the current version; your edit stays here until then.")
                           .arg(result.error().message),
                true);
            updateActions();
            return;
        }
        if (!result.ok()) {
            setMessage(tr("Not saved: %1").arg(result.error().message), true);
            updateActions();
            return;
        }
        m_loaded = channelToJson(result.value().channel);
        m_draft = m_loaded;
        m_undoStack.clear();
        m_lastEditedField.clear();
        showDraft();
        setMessage(
            tr("Saved as version %1; the next request is priced by it.").arg(result.value().channel.version), false);
        loadHistory();
        reload();
    });
}

void ChannelsPage::addChannel()
{
    m_loaded = {};
    m_draft
        = QJsonObject {{QStringLiteral("name"), QString()}, {QStringLiteral("protocol"), QStringLiteral("anthropic")},
            {QStringLiteral("base_url"), QStringLiteral("https://api.anthropic.com")},
            {QStringLiteral("secret_ref"), QString()}, {QStringLiteral("enabled"), true},
            {QStringLiteral("priority"), 0}, {QStringLiteral("weight"), 1}, {QStringLiteral("models"), QJsonArray()}};
    m_undoStack.clear();
    m_history->setItems({});
    m_channelView->clearSelection();
    showDraft();
    m_name->setFocus();
}

void ChannelsPage::deleteChannel()
{
    const QString id = m_loaded.value(QStringLiteral("id")).toString();
    if (id.isEmpty())
        return;
    auto *confirm = new QMessageBox(QMessageBox::Question, tr("Delete channel"),
        tr("Delete channel %1? Requests stop using it at once; its ledger history stays.")
            .arg(m_loaded.value(QStringLiteral("name")).toString()),
        QMessageBox::Yes | QMessageBox::No, this);
    confirm->setObjectName(QStringLiteral("confirmDelete"));
    confirm->setAttribute(Qt::WA_DeleteOnClose);
    connect(confirm, &QMessageBox::finished, this, [this, id](int result) {
        if (result != QMessageBox::Yes)
            return;
        m_busy = true;
        updateActions();
        adminClient(m_gateway).deleteChannel(this, id, [this](const ClientResult<ChannelDeleted> &deleted) {
            m_busy = false;
            if (!deleted.ok()) {
                setMessage(tr("Not deleted: %1").arg(deleted.error().message), true);
                updateActions();
                return;
            }
            m_loaded = {};
            m_draft = {};
            m_history->setItems({});
            showDraft();
            setMessage(tr("Channel deleted."), false);
            reload();
        });
    });
    confirm->open();
}

void ChannelsPage::addModel()
{
    remember(QString());
    QJsonArray models = m_draft.value(QStringLiteral("models")).toArray();
    QJsonObject model {{QStringLiteral("model"), QString()}, {QStringLiteral("upstream_model"), QString()}};
    for (int column = ChannelModelsModel::Input; column <= ChannelModelsModel::CacheRead; ++column)
        model.insert(QLatin1String(ChannelModelsModel::priceField(column)), 0);
    models.append(model);
    m_draft.insert(QStringLiteral("models"), models);
    m_actionMessage = false;
    showDraft();
    const QModelIndex first = m_models->index(m_models->rowCount() - 1, ChannelModelsModel::Model);
    m_modelView->setCurrentIndex(first);
    m_modelView->edit(first);
}

void ChannelsPage::removeModel()
{
    const QModelIndex current = m_modelView->currentIndex();
    if (!current.isValid())
        return;
    remember(QString());
    QJsonArray models = m_draft.value(QStringLiteral("models")).toArray();
    models.removeAt(current.row());
    m_draft.insert(QStringLiteral("models"), models);
    m_actionMessage = false;
    showDraft();
}

void ChannelsPage::storeSecret()
{
    // The keychain entry is named after the channel; the value leaves this widget at once.
    QString name = m_draft.value(QStringLiteral("id")).toString();
    if (name.isEmpty())
        name = m_draft.value(QStringLiteral("name")).toString();
    name = QStringLiteral("bytespike-")
        + name.toLower().replace(QRegularExpression(QStringLiteral("[^a-z0-9._-]+")), QStringLiteral("-"));
    const QString value = m_secretValue->text();
    m_secretValue->clear();
    m_busy = true;
    updateActions();
    adminClient(m_gateway).storeSecret(this, name, value, [this, name](const ClientResult<SecretStored> &stored) {
        m_busy = false;
        if (!stored.ok()) {
            setMessage(tr("The keychain did not take the key: %1").arg(stored.error().message), true);
            updateActions();
            return;
        }
        remember(QStringLiteral("secret_ref"));
        m_draft.insert(QStringLiteral("secret_ref"), QString(QStringLiteral("keychain:") + name));
        showDraft();
        setMessage(tr("Stored in the keychain as %1. Save the channel to use it.").arg(name), false);
    });
}

void ChannelsPage::testConnection()
{
    const QString id = m_loaded.value(QStringLiteral("id")).toString();
    if (id.isEmpty())
        return;
    setMessage(tr("Testing the connection…"), false);
    m_test->setEnabled(false);
    adminClient(m_gateway).testChannel(this, id, [this](const ClientResult<ChannelTestResult> &result) {
        updateActions();
        if (result.ok() && result.value().ok) {
            setMessage(
                tr("Connection works: %1 answered in %2 ms.").arg(result.value().model).arg(result.value().latencyMs),
                false);
        } else {
            setMessage(
                tr("Connection failed: %1").arg(result.ok() ? result.value().error : result.error().message), true);
        }
    });
}

void ChannelsPage::loadHistory()
{
    const QString id = m_loaded.value(QStringLiteral("id")).toString();
    if (id.isEmpty()) {
        m_history->setItems({});
        return;
    }
    adminClient(m_gateway).priceHistory(this, id, [this, id](const ClientResult<QList<PriceVersion>> &versions) {
        if (versions.ok() && m_loaded.value(QStringLiteral("id")).toString() == id)
            m_history->setItems(versions.value());
    });
}

} // namespace bytespike
