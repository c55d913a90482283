<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>Attach</name>
    <message>
        <source>a gateway address is http:// or https:// and a host, such as http://127.0.0.1:8787</source>
        <translation>eine Gateway-Adresse besteht aus http:// oder https:// und einem Host, etwa http://127.0.0.1:8787</translation>
    </message>
    <message>
        <source>a gateway address has no user, path, query or fragment</source>
        <translation>eine Gateway-Adresse hat keinen Benutzer, Pfad, Query-Teil oder Fragment</translation>
    </message>
    <message>
        <source>cannot read the admin token file %1: %2</source>
        <translation>die Admin-Token-Datei %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>the admin token file %1 holds no token (printable characters, at most %2)</source>
        <translation>die Admin-Token-Datei %1 enthält kein Token (druckbare Zeichen, höchstens %2)</translation>
    </message>
</context>
<context>
    <name>GatewayCalls</name>
    <message>
        <source>the gateway cannot be reached</source>
        <translation>das Gateway ist nicht erreichbar</translation>
    </message>
    <message>
        <source>the gateway refused the admin token</source>
        <translation>das Gateway hat das Admin-Token abgelehnt</translation>
    </message>
    <message>
        <source>the operator&apos;s role does not allow this</source>
        <translation>die Rolle des Operators erlaubt das nicht</translation>
    </message>
    <message>
        <source>it no longer exists; reload the page</source>
        <translation>es existiert nicht mehr; laden Sie die Seite neu</translation>
    </message>
    <message>
        <source>the gateway could not do it (its log says why)</source>
        <translation>das Gateway konnte es nicht ausführen (sein Protokoll nennt den Grund)</translation>
    </message>
    <message>
        <source>the gateway cannot do this now (stopped, or its keychain is unavailable)</source>
        <translation>das Gateway kann das gerade nicht (gestoppt oder Schlüsselbund nicht verfügbar)</translation>
    </message>
</context>
<context>
    <name>GatewayOptions</name>
    <message>
        <source>Where bytespike.db and logs live.</source>
        <translation>Wo bytespike.db und die Protokolle liegen.</translation>
    </message>
    <message>
        <source>sqlite (default: DATA_DIR/bytespike.db) or a PostgreSQL database as a postgresql:// URI.</source>
        <translation>sqlite (Vorgabe: DATA_DIR/bytespike.db) oder eine PostgreSQL-Datenbank als postgresql://-URI.</translation>
    </message>
    <message>
        <source>Public API address (default 127.0.0.1:8787; port 0 picks a free port).</source>
        <translation>Adresse der öffentlichen API (Standard 127.0.0.1:8787; Port 0 wählt einen freien Port).</translation>
    </message>
    <message>
        <source>Separate admin API address (default: the public listener).</source>
        <translation>Eigene Adresse für die Admin-API (Standard: die öffentliche Adresse).</translation>
    </message>
    <message>
        <source>error, warn, info or debug (default info).</source>
        <translation>error, warn, info oder debug (Standard: info).</translation>
    </message>
</context>
<context>
    <name>PricingExport</name>
    <message>
        <source>Rate card</source>
        <translation>Preisliste</translation>
    </message>
    <message>
        <source>Prices in US dollars per million tokens</source>
        <translation>Preise in US-Dollar pro Million Tokens</translation>
    </message>
    <message>
        <source>No models are offered right now.</source>
        <translation>Derzeit werden keine Modelle angeboten.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>Cache write</source>
        <translation>Cache-Schreiben</translation>
    </message>
    <message>
        <source>Cache read</source>
        <translation>Cache-Lesen</translation>
    </message>
    <message>
        <source>Price version</source>
        <translation>Preisversion</translation>
    </message>
    <message>
        <source>Generated %1 from the gateway&apos;s channel registry</source>
        <translation>Erstellt am %1 aus dem Kanalregister des Gateways</translation>
    </message>
</context>
<context>
    <name>Statement</name>
    <message>
        <source>Statement</source>
        <translation>Kontoauszug</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Zeitraum</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <source>Input tokens</source>
        <translation>Eingabe-Tokens</translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation>Ausgabe-Tokens</translation>
    </message>
    <message>
        <source>Price version</source>
        <translation>Preisversion</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Opening balance</source>
        <translation>Anfangssaldo</translation>
    </message>
    <message>
        <source>Closing balance</source>
        <translation>Endsaldo</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>Gutschrift</translation>
    </message>
    <message>
        <source>Debit</source>
        <translation>Belastung</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>Gutschriften</translation>
    </message>
    <message>
        <source>Debits</source>
        <translation>Belastungen</translation>
    </message>
    <message>
        <source>Debits per day</source>
        <translation>Belastungen pro Tag</translation>
    </message>
    <message>
        <source>Debits per model</source>
        <translation>Belastungen pro Modell</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Buchungen</translation>
    </message>
    <message>
        <source>Balance per day</source>
        <translation>Saldo pro Tag</translation>
    </message>
    <message>
        <source>Days with lines only, at most the last %1.</source>
        <translation>Nur Tage mit Buchungen, höchstens die letzten %1.</translation>
    </message>
</context>
<context>
    <name>bytespike::ChannelModelsModel</name>
    <message>
        <source>Price minus upstream cost per million tokens: input / output</source>
        <translation>Preis minus Einkaufskosten pro Million Tokens: Eingabe / Ausgabe</translation>
    </message>
    <message>
        <source>Edited: not saved yet (Ctrl+S saves, Ctrl+Z undoes)</source>
        <translation>Geändert, noch nicht gespeichert (Strg+S speichert, Strg+Z macht rückgängig)</translation>
    </message>
</context>
<context>
    <name>bytespike::ChannelsPage</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Gewicht</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Upstream model</source>
        <translation>Anbietermodell</translation>
    </message>
    <message>
        <source>Input $/MTok</source>
        <translation>Eingabe $/MTok</translation>
    </message>
    <message>
        <source>Output $/MTok</source>
        <translation>Ausgabe $/MTok</translation>
    </message>
    <message>
        <source>Cache write $/MTok</source>
        <translation>Cache-Schreiben $/MTok</translation>
    </message>
    <message>
        <source>Cache read $/MTok</source>
        <translation>Cache-Lesen $/MTok</translation>
    </message>
    <message>
        <source>Margin in / out</source>
        <translation>Marge ein / aus</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>Input before</source>
        <translation>Eingabe vorher</translation>
    </message>
    <message>
        <source>Output before</source>
        <translation>Ausgabe vorher</translation>
    </message>
    <message>
        <source>Changed by</source>
        <translation>Geändert von</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>P&amp;rotocol:</source>
        <translation>P&amp;rotokoll:</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>&amp;Basis-URL:</translation>
    </message>
    <message>
        <source>Secret &amp;reference:</source>
        <translation>Geheimnis-&amp;Verweis:</translation>
    </message>
    <message>
        <source>E&amp;nabled:</source>
        <translation>A&amp;ktiv:</translation>
    </message>
    <message>
        <source>Pr&amp;iority:</source>
        <translation>Pr&amp;iorität:</translation>
    </message>
    <message>
        <source>&amp;Weight:</source>
        <translation>&amp;Gewicht:</translation>
    </message>
    <message>
        <source>&amp;Keychain secret:</source>
        <translation>Schl&amp;üsselbund:</translation>
    </message>
    <message>
        <source>Route requests to this channel</source>
        <translation>Anfragen an diesen Kanal leiten</translation>
    </message>
    <message>
        <source>keychain:NAME, env:VAR or file:PATH</source>
        <translation>keychain:NAME, env:VAR oder file:PFAD</translation>
    </message>
    <message>
        <source>Paste a provider key to store it in the keychain</source>
        <translation>Anbieterschlüssel einfügen, um ihn im Schlüsselbund zu speichern</translation>
    </message>
    <message>
        <source>&amp;Add channel</source>
        <translation>Kanal &amp;hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Delete channel</source>
        <translation>Kanal &amp;löschen</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>Neu &amp;laden</translation>
    </message>
    <message>
        <source>Add &amp;model</source>
        <translation>&amp;Modell hinzufügen</translation>
    </message>
    <message>
        <source>Remove m&amp;odel</source>
        <translation>M&amp;odell entfernen</translation>
    </message>
    <message>
        <source>Store in &amp;keychain</source>
        <translation>Im Schlüsselbund &amp;speichern</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>Spei&amp;chern</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>Models and prices</source>
        <translation>Modelle und Preise</translation>
    </message>
    <message>
        <source>Price history</source>
        <translation>Preisverlauf</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>Models and prices of the selected channel</source>
        <translation>Modelle und Preise des gewählten Kanals</translation>
    </message>
    <message>
        <source>Price history of the selected channel</source>
        <translation>Preisverlauf des gewählten Kanals</translation>
    </message>
    <message>
        <source>Channel name</source>
        <translation>Kanalname</translation>
    </message>
    <message>
        <source>Channel protocol</source>
        <translation>Kanalprotokoll</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>Basis-URL</translation>
    </message>
    <message>
        <source>Secret reference</source>
        <translation>Geheimnis-Verweis</translation>
    </message>
    <message>
        <source>Channel enabled</source>
        <translation>Kanal aktiv</translation>
    </message>
    <message>
        <source>Provider key to store in the keychain</source>
        <translation>Anbieterschlüssel für den Schlüsselbund</translation>
    </message>
    <message>
        <source>Channel editor messages</source>
        <translation>Meldungen des Kanaleditors</translation>
    </message>
    <message>
        <source>Add a channel</source>
        <translation>Einen Kanal hinzufügen</translation>
    </message>
    <message>
        <source>Delete the selected channel</source>
        <translation>Den gewählten Kanal löschen</translation>
    </message>
    <message>
        <source>Reload the channels and discard unsaved edits</source>
        <translation>Kanäle neu laden und ungespeicherte Änderungen verwerfen</translation>
    </message>
    <message>
        <source>Add a model</source>
        <translation>Ein Modell hinzufügen</translation>
    </message>
    <message>
        <source>Remove the selected model</source>
        <translation>Das gewählte Modell entfernen</translation>
    </message>
    <message>
        <source>Store the provider key in the keychain</source>
        <translation>Den Anbieterschlüssel im Schlüsselbund speichern</translation>
    </message>
    <message>
        <source>Undo the last unsaved edit</source>
        <translation>Letzte ungespeicherte Änderung rückgängig machen</translation>
    </message>
    <message>
        <source>Revert every unsaved edit</source>
        <translation>Alle ungespeicherten Änderungen verwerfen</translation>
    </message>
    <message>
        <source>Save the channel</source>
        <translation>Den Kanal speichern</translation>
    </message>
    <message>
        <source>Test the connection to the provider</source>
        <translation>Die Verbindung zum Anbieter testen</translation>
    </message>
    <message>
        <source>Cannot load the channels: %1</source>
        <translation>Kanäle können nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Unavailable: %1</source>
        <translation>Nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>A channel needs a name.</source>
        <translation>Ein Kanal braucht einen Namen.</translation>
    </message>
    <message>
        <source>The base URL must be an http:// or https:// address.</source>
        <translation>Die Basis-URL muss eine http://- oder https://-Adresse sein.</translation>
    </message>
    <message>
        <source>Every model needs a public name.</source>
        <translation>Jedes Modell braucht einen öffentlichen Namen.</translation>
    </message>
    <message>
        <source>Model %1 is listed twice.</source>
        <translation>Modell %1 ist doppelt aufgeführt.</translation>
    </message>
    <message>
        <source>Unsaved changes: save them, undo or revert.</source>
        <translation>Ungespeicherte Änderungen: speichern, rückgängig machen oder verwerfen.</translation>
    </message>
    <message>
        <source>Not saved: %1 Reload shows the current version; your edit stays here until then.</source>
        <translation>Nicht gespeichert: %1 Neu laden zeigt die aktuelle Version; Ihre Änderung bleibt bis dahin hier.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Saved as version %1; the next request is priced by it.</source>
        <translation>Als Version %1 gespeichert; die nächste Anfrage wird danach berechnet.</translation>
    </message>
    <message>
        <source>Delete channel</source>
        <translation>Kanal löschen</translation>
    </message>
    <message>
        <source>Delete channel %1? Requests stop using it at once; its ledger history stays.</source>
        <translation>Kanal %1 löschen? Anfragen nutzen ihn sofort nicht mehr; sein Kontoverlauf bleibt erhalten.</translation>
    </message>
    <message>
        <source>Not deleted: %1</source>
        <translation>Nicht gelöscht: %1</translation>
    </message>
    <message>
        <source>Channel deleted.</source>
        <translation>Kanal gelöscht.</translation>
    </message>
    <message>
        <source>The keychain did not take the key: %1</source>
        <translation>Der Schlüsselbund hat den Schlüssel nicht angenommen: %1</translation>
    </message>
    <message>
        <source>Stored in the keychain as %1. Save the channel to use it.</source>
        <translation>Im Schlüsselbund als %1 gespeichert. Speichern Sie den Kanal, um ihn zu verwenden.</translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation>Verbindung wird getestet …</translation>
    </message>
    <message>
        <source>Connection works: %1 answered in %2 ms.</source>
        <translation>Verbindung funktioniert: %1 hat in %2 ms geantwortet.</translation>
    </message>
    <message>
        <source>Connection failed: %1</source>
        <translation>Verbindung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>&amp;CA file:</source>
        <translation>&amp;CA-Datei:</translation>
    </message>
    <message>
        <source>Pro&amp;xy:</source>
        <translation>Pro&amp;xy:</translation>
    </message>
    <message>
        <source>Proxy secret re&amp;ference:</source>
        <translation>Proxy-Geheimnis-Ver&amp;weis:</translation>
    </message>
    <message>
        <source>empty: the system&apos;s trusted CAs</source>
        <translation>leer: die vertrauenswürdigen CAs des Systems</translation>
    </message>
    <message>
        <source>empty: HTTPS_PROXY from the environment; direct; or http://host:port</source>
        <translation>leer: HTTPS_PROXY aus der Umgebung; direct; oder http://host:port</translation>
    </message>
    <message>
        <source>keychain:NAME, env:VAR or file:PATH holding user:password</source>
        <translation>keychain:NAME, env:VAR oder file:PFAD mit user:password</translation>
    </message>
    <message>
        <source>An absolute path to a PEM file (https:// base URLs only): its certificates are then the only CAs trusted for this channel. Leave it empty to trust the system&apos;s CAs.</source>
        <translation>Ein absoluter Pfad zu einer PEM-Datei (nur für https://-Basis-URLs): Ihre Zertifikate sind dann die einzigen CAs, denen dieser Kanal vertraut. Leer lassen, um den CAs des Systems zu vertrauen.</translation>
    </message>
    <message>
        <source>How to reach the provider: empty uses HTTPS_PROXY or HTTP_PROXY from the environment, direct uses no proxy, and http://host:port tunnels through that proxy with CONNECT. Credentials do not belong in the URL: use the proxy secret reference.</source>
        <translation>Wie der Anbieter erreicht wird: leer verwendet HTTPS_PROXY oder HTTP_PROXY aus der Umgebung, direct keinen Proxy, und http://host:port tunnelt mit CONNECT durch diesen Proxy. Zugangsdaten gehören nicht in die URL: Verwenden Sie den Proxy-Geheimnis-Verweis.</translation>
    </message>
    <message>
        <source>Where the proxy&apos;s user:password is kept (keychain:NAME, env:VAR or file:PATH); sent as Proxy-Authorization. Only with a proxy URL.</source>
        <translation>Wo user:password des Proxys liegt (keychain:NAME, env:VAR oder file:PFAD); wird als Proxy-Authorization gesendet. Nur mit einer Proxy-URL.</translation>
    </message>
    <message>
        <source>CA file</source>
        <translation>CA-Datei</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>Proxy secret reference</source>
        <translation>Proxy-Geheimnis-Verweis</translation>
    </message>
    <message>
        <source>The CA file must be an absolute path, like /etc/ssl/certs/provider.pem.</source>
        <translation>Die CA-Datei muss ein absoluter Pfad sein, etwa /etc/ssl/certs/provider.pem.</translation>
    </message>
    <message>
        <source>A CA file applies to https:// base URLs only: clear it or use https://.</source>
        <translation>Eine CA-Datei gilt nur für https://-Basis-URLs: Leeren Sie sie oder verwenden Sie https://.</translation>
    </message>
    <message>
        <source>No channels: the gateway has nowhere to send a request.</source>
        <translation>Keine Kanäle: Das Gateway kann keine Anfrage weiterleiten.</translation>
    </message>
    <message>
        <source>This channel serves no model yet.</source>
        <translation>Dieser Kanal bedient noch kein Modell.</translation>
    </message>
</context>
<context>
    <name>bytespike::ConnectDialog</name>
    <message>
        <source>The admin token is the bsa-... text from the gateway&apos;s admin-token file or its BYTESPIKE_ADMIN_TOKEN: printable characters without spaces.</source>
        <translation>Das Admin-Token ist der Text bsa-... aus der Datei admin-token des Gateways oder seinem BYTESPIKE_ADMIN_TOKEN: druckbare Zeichen ohne Leerzeichen.</translation>
    </message>
    <message>
        <source>Connect to a gateway</source>
        <translation>Mit einem Gateway verbinden</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse:</translation>
    </message>
    <message>
        <source>Admin &amp;token:</source>
        <translation>Admin-&amp;Token:</translation>
    </message>
    <message>
        <source>&amp;Keep the token in the system keychain</source>
        <translation>Token im System-Schlüsselbund &amp;behalten</translation>
    </message>
    <message>
        <source>Gateway address</source>
        <translation>Gateway-Adresse</translation>
    </message>
    <message>
        <source>Admin token</source>
        <translation>Admin-Token</translation>
    </message>
    <message>
        <source>Keep the token in the system keychain</source>
        <translation>Token im System-Schlüsselbund behalten</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>bytespike::CustomerLimitsDialog</name>
    <message>
        <source>Limits of %1</source>
        <translation>Limits von %1</translation>
    </message>
    <message>
        <source>Customer limits messages</source>
        <translation>Meldungen zu Kundenlimits</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>Spei&amp;chern</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>kein Limit</translation>
    </message>
    <message>
        <source>Requests per minute across the customer&apos;s keys, 0 for no limit</source>
        <translation>Anfragen pro Minute über alle Schlüssel des Kunden, 0 für kein Limit</translation>
    </message>
    <message>
        <source>Tokens per minute across the customer&apos;s keys, 0 for no limit</source>
        <translation>Tokens pro Minute über alle Schlüssel des Kunden, 0 für kein Limit</translation>
    </message>
    <message>
        <source>Requests at once across the customer&apos;s keys, 0 for no limit</source>
        <translation>Gleichzeitige Anfragen über alle Schlüssel des Kunden, 0 für kein Limit</translation>
    </message>
    <message>
        <source>These limits hold across all of the customer&apos;s keys; each key can have its own too.</source>
        <translation>Diese Limits gelten für alle Schlüssel des Kunden zusammen; jeder Schlüssel kann zusätzlich eigene haben.</translation>
    </message>
    <message>
        <source>&amp;Requests per minute:</source>
        <translation>&amp;Anfragen pro Minute:</translation>
    </message>
    <message>
        <source>&amp;Tokens per minute:</source>
        <translation>&amp;Tokens pro Minute:</translation>
    </message>
    <message>
        <source>Requests at &amp;once:</source>
        <translation>&amp;Gleichzeitige Anfragen:</translation>
    </message>
    <message>
        <source>%1 requests/min</source>
        <translation>%1 Anfragen/min</translation>
    </message>
    <message>
        <source>%1 tokens/min</source>
        <translation>%1 Tokens/min</translation>
    </message>
    <message>
        <source>%1 at once</source>
        <translation>%1 gleichzeitig</translation>
    </message>
    <message>
        <source>no limits</source>
        <translation>keine Limits</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
</context>
<context>
    <name>bytespike::CustomersPage</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>Guthaben</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Reserviert</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Widerrufen</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <source>Input tokens</source>
        <translation>Eingabe-Tokens</translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation>Ausgabe-Tokens</translation>
    </message>
    <message>
        <source>Price version</source>
        <translation>Preisversion</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Memo</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>Top-&amp;up ($):</source>
        <translation>&amp;Aufladen ($):</translation>
    </message>
    <message>
        <source>M&amp;emo:</source>
        <translation>N&amp;otiz:</translation>
    </message>
    <message>
        <source>&amp;Key name:</source>
        <translation>Schlüssel&amp;name:</translation>
    </message>
    <message>
        <source>New &amp;key:</source>
        <translation>Neuer Schl&amp;üssel:</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Von:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Bis:</translation>
    </message>
    <message>
        <source>New customer&apos;s name</source>
        <translation>Name des neuen Kunden</translation>
    </message>
    <message>
        <source>A new key is shown here once</source>
        <translation>Ein neuer Schlüssel wird hier einmal angezeigt</translation>
    </message>
    <message>
        <source>&amp;Add customer</source>
        <translation>Kunde &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Add &amp;credit</source>
        <translation>&amp;Guthaben buchen</translation>
    </message>
    <message>
        <source>Create &amp;key</source>
        <translation>Schlüssel &amp;erstellen</translation>
    </message>
    <message>
        <source>&amp;Revoke key</source>
        <translation>Schlüssel &amp;widerrufen</translation>
    </message>
    <message>
        <source>C&amp;opy</source>
        <translation>K&amp;opieren</translation>
    </message>
    <message>
        <source>&amp;Show statement</source>
        <translation>Ab&amp;rechnung zeigen</translation>
    </message>
    <message>
        <source>Export CS&amp;V</source>
        <translation>CS&amp;V exportieren</translation>
    </message>
    <message>
        <source>Export P&amp;DF</source>
        <translation>P&amp;DF exportieren</translation>
    </message>
    <message>
        <source>&amp;Print</source>
        <translation>&amp;Drucken</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>Abrechnung</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Daily spend by model</source>
        <translation>Tägliche Ausgaben nach Modell</translation>
    </message>
    <message>
        <source>Customers and their balances</source>
        <translation>Kunden und ihre Guthaben</translation>
    </message>
    <message>
        <source>Name of a new customer</source>
        <translation>Name eines neuen Kunden</translation>
    </message>
    <message>
        <source>Add the customer</source>
        <translation>Den Kunden hinzufügen</translation>
    </message>
    <message>
        <source>Balance of the selected customer</source>
        <translation>Guthaben des gewählten Kunden</translation>
    </message>
    <message>
        <source>Top-up amount in dollars</source>
        <translation>Aufladebetrag in Dollar</translation>
    </message>
    <message>
        <source>Top-up memo</source>
        <translation>Notiz zur Aufladung</translation>
    </message>
    <message>
        <source>Add the credit to the balance</source>
        <translation>Den Betrag dem Guthaben gutschreiben</translation>
    </message>
    <message>
        <source>Keys of the selected customer</source>
        <translation>Schlüssel des gewählten Kunden</translation>
    </message>
    <message>
        <source>Name of a new key</source>
        <translation>Name eines neuen Schlüssels</translation>
    </message>
    <message>
        <source>Create a key</source>
        <translation>Einen Schlüssel erstellen</translation>
    </message>
    <message>
        <source>Revoke the selected key</source>
        <translation>Den gewählten Schlüssel widerrufen</translation>
    </message>
    <message>
        <source>The new key, shown once</source>
        <translation>Der neue Schlüssel, einmal angezeigt</translation>
    </message>
    <message>
        <source>Copy the new key</source>
        <translation>Den neuen Schlüssel kopieren</translation>
    </message>
    <message>
        <source>Statement from</source>
        <translation>Abrechnung von</translation>
    </message>
    <message>
        <source>Statement to</source>
        <translation>Abrechnung bis</translation>
    </message>
    <message>
        <source>Show the statement for the period</source>
        <translation>Die Abrechnung für den Zeitraum zeigen</translation>
    </message>
    <message>
        <source>Export the statement as CSV</source>
        <translation>Die Abrechnung als CSV exportieren</translation>
    </message>
    <message>
        <source>Export the statement as PDF</source>
        <translation>Die Abrechnung als PDF exportieren</translation>
    </message>
    <message>
        <source>Print the statement</source>
        <translation>Die Abrechnung drucken</translation>
    </message>
    <message>
        <source>Statement totals</source>
        <translation>Summen der Abrechnung</translation>
    </message>
    <message>
        <source>Chart of daily spend stacked by model</source>
        <translation>Diagramm der täglichen Ausgaben, nach Modell gestapelt</translation>
    </message>
    <message>
        <source>Chart of the balance over the period</source>
        <translation>Diagramm des Guthabens im Zeitraum</translation>
    </message>
    <message>
        <source>Statement lines</source>
        <translation>Abrechnungszeilen</translation>
    </message>
    <message>
        <source>Customer messages</source>
        <translation>Kundenmeldungen</translation>
    </message>
    <message>
        <source>Cannot load the customers: %1</source>
        <translation>Kunden können nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>%1: balance %2, held %3, available %4</source>
        <translation>%1: Guthaben %2, reserviert %3, verfügbar %4</translation>
    </message>
    <message>
        <source>A customer needs a name.</source>
        <translation>Ein Kunde braucht einen Namen.</translation>
    </message>
    <message>
        <source>Not added: %1</source>
        <translation>Nicht hinzugefügt: %1</translation>
    </message>
    <message>
        <source>Customer added.</source>
        <translation>Kunde hinzugefügt.</translation>
    </message>
    <message>
        <source>Type the top-up in dollars, for example 25 or 12.50.</source>
        <translation>Geben Sie den Betrag in Dollar ein, zum Beispiel 25 oder 12.50.</translation>
    </message>
    <message>
        <source>Not credited: %1</source>
        <translation>Nicht gutgeschrieben: %1</translation>
    </message>
    <message>
        <source>Credited %1.</source>
        <translation>%1 gutgeschrieben.</translation>
    </message>
    <message>
        <source>console</source>
        <translation>Konsole</translation>
    </message>
    <message>
        <source>No key created: %1</source>
        <translation>Kein Schlüssel erstellt: %1</translation>
    </message>
    <message>
        <source>Copy the new key now: it is not shown again.</source>
        <translation>Kopieren Sie den neuen Schlüssel jetzt: Er wird nicht noch einmal angezeigt.</translation>
    </message>
    <message>
        <source>Choose a key to revoke on the Keys tab.</source>
        <translation>Wählen Sie auf dem Reiter Schlüssel einen Schlüssel zum Widerrufen.</translation>
    </message>
    <message>
        <source>Not revoked: %1</source>
        <translation>Nicht widerrufen: %1</translation>
    </message>
    <message>
        <source>Key revoked; requests with it are refused from now on.</source>
        <translation>Schlüssel widerrufen; Anfragen damit werden ab jetzt abgelehnt.</translation>
    </message>
    <message>
        <source>No statement: %1</source>
        <translation>Keine Abrechnung: %1</translation>
    </message>
    <message>
        <source>Opening %1 · credits %2 · debits %3 · closing %4</source>
        <translation>Anfang %1 · Gutschriften %2 · Belastungen %3 · Ende %4</translation>
    </message>
    <message>
        <source>Not exported: %1</source>
        <translation>Nicht exportiert: %1</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 gespeichert.</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>%1 kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Cannot print: %1</source>
        <translation>Drucken nicht möglich: %1</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>An den Drucker gesendet.</translation>
    </message>
    <message>
        <source>The printer refused the statement.</source>
        <translation>Der Drucker hat die Abrechnung abgelehnt.</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>Limits</translation>
    </message>
    <message>
        <source>Budget used</source>
        <translation>Budget verbraucht</translation>
    </message>
    <message>
        <source>&amp;New key with limits…</source>
        <translation>&amp;Neuer Schlüssel mit Limits …</translation>
    </message>
    <message>
        <source>Edit key l&amp;imits…</source>
        <translation>Schlüssel-L&amp;imits bearbeiten …</translation>
    </message>
    <message>
        <source>Customer &amp;limits…</source>
        <translation>Kunden&amp;limits …</translation>
    </message>
    <message>
        <source>Create a key with limits</source>
        <translation>Einen Schlüssel mit Limits erstellen</translation>
    </message>
    <message>
        <source>Edit the limits of the selected key</source>
        <translation>Die Limits des gewählten Schlüssels bearbeiten</translation>
    </message>
    <message>
        <source>Edit the limits of the selected customer</source>
        <translation>Die Limits des gewählten Kunden bearbeiten</translation>
    </message>
    <message>
        <source>Limits of the selected customer</source>
        <translation>Limits des gewählten Kunden</translation>
    </message>
    <message>
        <source>Customer limits: %1</source>
        <translation>Kundenlimits: %1</translation>
    </message>
    <message>
        <source>Choose a key to edit on the Keys tab.</source>
        <translation>Wählen Sie auf dem Reiter „Schlüssel“ einen Schlüssel zum Bearbeiten.</translation>
    </message>
    <message>
        <source>Limits of %1 saved.</source>
        <translation>Limits von %1 gespeichert.</translation>
    </message>
    <message>
        <source>No customers yet.</source>
        <translation>Noch keine Kunden.</translation>
    </message>
    <message>
        <source>Add a customer</source>
        <translation>Kunden anlegen</translation>
    </message>
    <message>
        <source>This customer has no key: its clients cannot call the gateway yet.</source>
        <translation>Dieser Kunde hat keinen Schlüssel: Seine Clients können das Gateway noch nicht aufrufen.</translation>
    </message>
    <message>
        <source>Select a customer to see its statement.</source>
        <translation>Wählen Sie einen Kunden, um seine Abrechnung zu sehen.</translation>
    </message>
    <message>
        <source>No credit and no billed request in this period.</source>
        <translation>Keine Gutschrift und keine berechnete Anfrage in diesem Zeitraum.</translation>
    </message>
    <message>
        <source>Add a credit</source>
        <translation>Guthaben hinzufügen</translation>
    </message>
</context>
<context>
    <name>bytespike::DollarDelegate</name>
    <message>
        <source>Price in dollars per million tokens</source>
        <translation>Preis in Dollar pro Million Tokens</translation>
    </message>
</context>
<context>
    <name>bytespike::DollarValidator</name>
    <message>
        <source>Dollars only, with at most six decimals: for example 3.75</source>
        <translation>Nur Dollar, mit höchstens sechs Nachkommastellen: zum Beispiel 3.75</translation>
    </message>
</context>
<context>
    <name>bytespike::GatewayAttachment</name>
    <message>
        <source>The gateway at %1 refused the admin token (%2).</source>
        <translation>Das Gateway unter %1 hat das Admin-Token abgelehnt (%2).</translation>
    </message>
    <message>
        <source>Lost the connection to the gateway at %1; trying again.</source>
        <translation>Verbindung zum Gateway unter %1 verloren; neuer Versuch läuft.</translation>
    </message>
    <message>
        <source>Cannot reach the gateway at %1; trying again.</source>
        <translation>Das Gateway unter %1 ist nicht erreichbar; neuer Versuch läuft.</translation>
    </message>
    <message>
        <source>The gateway at %1 answered: %2</source>
        <translation>Das Gateway unter %1 antwortete: %2</translation>
    </message>
</context>
<context>
    <name>bytespike::GetStarted</name>
    <message>
        <source>Get started</source>
        <translation>Erste Schritte</translation>
    </message>
    <message>
        <source>&amp;Copy the demo key</source>
        <translation>Demo-Schlüssel kop&amp;ieren</translation>
    </message>
    <message>
        <source>Open C&amp;hannels</source>
        <translation>&amp;Kanäle öffnen</translation>
    </message>
    <message>
        <source>Open the &amp;Playground</source>
        <translation>&amp;Playground öffnen</translation>
    </message>
    <message>
        <source>Hide this list</source>
        <translation>Diese Liste ausblenden</translation>
    </message>
    <message>
        <source>Copy the demo customer key</source>
        <translation>Den Demo-Kundenschlüssel kopieren</translation>
    </message>
    <message>
        <source>Open the Channels page</source>
        <translation>Die Seite Kanäle öffnen</translation>
    </message>
    <message>
        <source>Open the Playground page</source>
        <translation>Die Seite Playground öffnen</translation>
    </message>
    <message>
        <source>Hide the get-started list</source>
        <translation>Die Liste der ersten Schritte ausblenden</translation>
    </message>
    <message>
        <source>Copy the demo key: a customer key with a credit, for a first request from any client.</source>
        <translation>Demo-Schlüssel kopieren: ein Kundenschlüssel mit Guthaben für eine erste Anfrage von jedem Client.</translation>
    </message>
    <message>
        <source>Add a provider: a channel of the Anthropic or OpenAI protocol with its base URL.</source>
        <translation>Anbieter hinzufügen: ein Kanal mit dem Anthropic- oder OpenAI-Protokoll und seiner Basis-URL.</translation>
    </message>
    <message>
        <source>Store its key: paste the provider key on the channel to keep it in the keychain.</source>
        <translation>Schlüssel hinterlegen: den Anbieterschlüssel am Kanal einfügen, um ihn im Schlüsselbund zu speichern.</translation>
    </message>
    <message>
        <source>Test it: Test connection on the channel sends it one small request.</source>
        <translation>Testen: „Verbindung testen“ am Kanal sendet ihm eine kleine Anfrage.</translation>
    </message>
    <message>
        <source>Set prices: what customers pay per million tokens for each model of the channel.</source>
        <translation>Preise festlegen: was Kunden pro Million Tokens für jedes Modell des Kanals zahlen.</translation>
    </message>
    <message>
        <source>Send a first request from the Playground and see it billed.</source>
        <translation>Eine erste Anfrage aus dem Playground senden und ihre Abrechnung sehen.</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>Erledigt: %1</translation>
    </message>
    <message>
        <source>To do: %1</source>
        <translation>Offen: %1</translation>
    </message>
</context>
<context>
    <name>bytespike::JsonTableModel</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>credit</source>
        <translation>Gutschrift</translation>
    </message>
    <message>
        <source>debit</source>
        <translation>Belastung</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>posted</source>
        <translation>gebucht</translation>
    </message>
    <message>
        <source>voided</source>
        <translation>storniert</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>nicht verfügbar</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>deaktiviert</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>geschlossen</translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>half open</source>
        <translation>halb offen</translation>
    </message>
    <message>
        <source>the model refused</source>
        <translation>das Modell hat abgelehnt</translation>
    </message>
    <message>
        <source>the client disconnected</source>
        <translation>der Client hat die Verbindung getrennt</translation>
    </message>
    <message>
        <source>token counts are not billed</source>
        <translation>Token-Zählungen werden nicht berechnet</translation>
    </message>
    <message>
        <source>ran past its hold deadline</source>
        <translation>Reservierungsfrist überschritten</translation>
    </message>
    <message>
        <source>the gateway was shutting down</source>
        <translation>das Gateway wurde beendet</translation>
    </message>
    <message>
        <source>not delivered in full</source>
        <translation>nicht vollständig zugestellt</translation>
    </message>
    <message>
        <source>no hold was taken</source>
        <translation>keine Reservierung angelegt</translation>
    </message>
    <message>
        <source>the debit failed</source>
        <translation>die Belastung ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>the gateway stopped before it finished</source>
        <translation>das Gateway wurde vor dem Ende gestoppt</translation>
    </message>
    <message>
        <source>delivered after its lease ended (operator loss)</source>
        <translation>nach Ablauf der Zuteilung zugestellt (Verlust des Betreibers)</translation>
    </message>
    <message>
        <source>the provider answered with an error</source>
        <translation>der Anbieter hat mit einem Fehler geantwortet</translation>
    </message>
    <message>
        <source>no channel could answer</source>
        <translation>kein Kanal konnte antworten</translation>
    </message>
    <message>
        <source>the stream was cut short</source>
        <translation>der Stream wurde abgebrochen</translation>
    </message>
    <message>
        <source>invalid request</source>
        <translation>ungültige Anfrage</translation>
    </message>
    <message>
        <source>authentication failed</source>
        <translation>Authentifizierung fehlgeschlagen</translation>
    </message>
    <message>
        <source>balance or budget too low</source>
        <translation>Guthaben oder Budget zu gering</translation>
    </message>
    <message>
        <source>not allowed for this key</source>
        <translation>für diesen Schlüssel nicht erlaubt</translation>
    </message>
    <message>
        <source>no channel serves the model</source>
        <translation>kein Kanal bedient das Modell</translation>
    </message>
    <message>
        <source>the client was too slow</source>
        <translation>der Client war zu langsam</translation>
    </message>
    <message>
        <source>rate limited</source>
        <translation>Ratenlimit erreicht</translation>
    </message>
    <message>
        <source>the provider timed out</source>
        <translation>Zeitüberschreitung beim Anbieter</translation>
    </message>
    <message>
        <source>overloaded</source>
        <translation>überlastet</translation>
    </message>
    <message>
        <source>the provider&apos;s certificate was refused</source>
        <translation>das Zertifikat des Anbieters wurde abgelehnt</translation>
    </message>
    <message>
        <source>TLS failed</source>
        <translation>TLS fehlgeschlagen</translation>
    </message>
    <message>
        <source>the proxy failed</source>
        <translation>der Proxy ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>the provider answered with an error status</source>
        <translation>der Anbieter hat mit einem Fehlerstatus geantwortet</translation>
    </message>
    <message>
        <source>the provider dropped the connection</source>
        <translation>der Anbieter hat die Verbindung abgebrochen</translation>
    </message>
    <message>
        <source>cannot connect to the provider</source>
        <translation>keine Verbindung zum Anbieter</translation>
    </message>
    <message>
        <source>its key cannot be read</source>
        <translation>sein Schlüssel ist nicht lesbar</translation>
    </message>
    <message>
        <source>its proxy credentials cannot be read</source>
        <translation>seine Proxy-Zugangsdaten sind nicht lesbar</translation>
    </message>
</context>
<context>
    <name>bytespike::KeyEditorDialog</name>
    <message>
        <source>New key</source>
        <translation>Neuer Schlüssel</translation>
    </message>
    <message>
        <source>Key limits</source>
        <translation>Schlüssel-Limits</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Models:</source>
        <translation>&amp;Modelle:</translation>
    </message>
    <message>
        <source>E&amp;xpiry:</source>
        <translation>&amp;Ablauf:</translation>
    </message>
    <message>
        <source>&amp;Requests per minute:</source>
        <translation>&amp;Anfragen pro Minute:</translation>
    </message>
    <message>
        <source>&amp;Tokens per minute:</source>
        <translation>&amp;Tokens pro Minute:</translation>
    </message>
    <message>
        <source>Requests at &amp;once:</source>
        <translation>&amp;Gleichzeitige Anfragen:</translation>
    </message>
    <message>
        <source>&amp;Budget:</source>
        <translation>&amp;Budget:</translation>
    </message>
    <message>
        <source>&amp;IP allow-list:</source>
        <translation>&amp;IP-Freigabeliste:</translation>
    </message>
    <message>
        <source>None checked: the key may call every model.</source>
        <translation>Keines angehakt: Der Schlüssel darf jedes Modell aufrufen.</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>Limit to</source>
        <translation>Begrenzen auf</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>kein Limit</translation>
    </message>
    <message>
        <source>dollars, for example 25 or 12.50</source>
        <translation>Dollar, zum Beispiel 25 oder 12,50</translation>
    </message>
    <message>
        <source>Any address. Or one per line: 10.0.0.0/8, 2001:db8::/32, 192.0.2.7</source>
        <translation>Jede Adresse. Oder eine pro Zeile: 10.0.0.0/8, 2001:db8::/32, 192.0.2.7</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>Spei&amp;chern</translation>
    </message>
    <message>
        <source>Key name</source>
        <translation>Schlüsselname</translation>
    </message>
    <message>
        <source>Models the key may call</source>
        <translation>Modelle, die der Schlüssel aufrufen darf</translation>
    </message>
    <message>
        <source>The key expires</source>
        <translation>Der Schlüssel läuft ab</translation>
    </message>
    <message>
        <source>Expiry time in UTC</source>
        <translation>Ablaufzeit in UTC</translation>
    </message>
    <message>
        <source>Requests per minute, 0 for no limit</source>
        <translation>Anfragen pro Minute, 0 für kein Limit</translation>
    </message>
    <message>
        <source>Tokens per minute, 0 for no limit</source>
        <translation>Tokens pro Minute, 0 für kein Limit</translation>
    </message>
    <message>
        <source>Requests at once, 0 for no limit</source>
        <translation>Gleichzeitige Anfragen, 0 für kein Limit</translation>
    </message>
    <message>
        <source>The key has a budget</source>
        <translation>Der Schlüssel hat ein Budget</translation>
    </message>
    <message>
        <source>Budget in dollars</source>
        <translation>Budget in Dollar</translation>
    </message>
    <message>
        <source>Budget period</source>
        <translation>Budgetzeitraum</translation>
    </message>
    <message>
        <source>Addresses and CIDR blocks the key may be used from, one per line</source>
        <translation>Adressen und CIDR-Blöcke, von denen aus der Schlüssel benutzt werden darf, eine pro Zeile</translation>
    </message>
    <message>
        <source>Key editor messages</source>
        <translation>Meldungen des Schlüsseleditors</translation>
    </message>
    <message>
        <source>per day</source>
        <translation>pro Tag</translation>
    </message>
    <message>
        <source>per week</source>
        <translation>pro Woche</translation>
    </message>
    <message>
        <source>per month</source>
        <translation>pro Monat</translation>
    </message>
    <message>
        <source>in total</source>
        <translation>insgesamt</translation>
    </message>
    <message>
        <source>models: %1</source>
        <translation>Modelle: %1</translation>
    </message>
    <message>
        <source>expires %1 UTC</source>
        <translation>läuft ab %1 UTC</translation>
    </message>
    <message>
        <source>%1 requests/min</source>
        <translation>%1 Anfragen/min</translation>
    </message>
    <message>
        <source>%1 tokens/min</source>
        <translation>%1 Tokens/min</translation>
    </message>
    <message>
        <source>%1 at once</source>
        <translation>%1 gleichzeitig</translation>
    </message>
    <message>
        <source>budget %1 %2</source>
        <translation>Budget %1 %2</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>von %1</translation>
    </message>
    <message>
        <source>no limits</source>
        <translation>keine Limits</translation>
    </message>
    <message>
        <source>Cannot list the models: %1</source>
        <translation>Die Modelle können nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>Line %1 of the IP allow-list is not an address or a CIDR block (10.0.0.0/8, 2001:db8::/32).</source>
        <translation>Zeile %1 der IP-Freigabeliste ist weder eine Adresse noch ein CIDR-Block (10.0.0.0/8, 2001:db8::/32).</translation>
    </message>
    <message>
        <source>The IP allow-list holds at most %1 entries.</source>
        <translation>Die IP-Freigabeliste fasst höchstens %1 Einträge.</translation>
    </message>
    <message>
        <source>Type the budget in dollars, for example 25 or 12.50.</source>
        <translation>Geben Sie das Budget in Dollar ein, zum Beispiel 25 oder 12,50.</translation>
    </message>
    <message>
        <source>console</source>
        <translation>Konsole</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
</context>
<context>
    <name>bytespike::LedgerPage</name>
    <message>
        <source>&amp;Customer:</source>
        <translation>&amp;Kunde:</translation>
    </message>
    <message>
        <source>&amp;Find:</source>
        <translation>&amp;Suchen:</translation>
    </message>
    <message>
        <source>All customers</source>
        <translation>Alle Kunden</translation>
    </message>
    <message>
        <source>Endpoint, request id or reason</source>
        <translation>Endpunkt, Anfrage-ID oder Grund</translation>
    </message>
    <message>
        <source>Show the ledger of this customer</source>
        <translation>Das Konto dieses Kunden zeigen</translation>
    </message>
    <message>
        <source>Filter the ledger by endpoint, request id or reason</source>
        <translation>Das Konto nach Endpunkt, Anfrage-ID oder Grund filtern</translation>
    </message>
    <message>
        <source>Ledger summary</source>
        <translation>Kontoübersicht</translation>
    </message>
    <message>
        <source>Pending holds</source>
        <translation>Offene Reservierungen</translation>
    </message>
    <message>
        <source>Recent debits</source>
        <translation>Letzte Belastungen</translation>
    </message>
    <message>
        <source>Voided holds</source>
        <translation>Aufgehobene Reservierungen</translation>
    </message>
    <message>
        <source>Pending holds, live</source>
        <translation>Offene Reservierungen, live</translation>
    </message>
    <message>
        <source>Voided and expired holds with their reasons; they never reach a statement</source>
        <translation>Aufgehobene und abgelaufene Reservierungen mit Grund; sie erscheinen nie auf einer Abrechnung</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Reservierung</translation>
    </message>
    <message>
        <source>Debit</source>
        <translation>Belastung</translation>
    </message>
    <message>
        <source>Price version</source>
        <translation>Preisversion</translation>
    </message>
    <message>
        <source>Posted</source>
        <translation>Gebucht</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>Aufgehoben</translation>
    </message>
    <message>
        <source>Pending holds: %1, reserving %2</source>
        <translation>Offene Reservierungen: %1, reserviert %2</translation>
    </message>
    <message>
        <source>Nothing here matches the customer and the search.</source>
        <translation>Nichts passt zu Kunde und Suche.</translation>
    </message>
    <message>
        <source>Show everything</source>
        <translation>Alles zeigen</translation>
    </message>
    <message>
        <source>No request is running: a hold shows here while its request is in flight.</source>
        <translation>Keine Anfrage läuft: Eine Reservierung erscheint hier, solange ihre Anfrage unterwegs ist.</translation>
    </message>
    <message>
        <source>Nothing billed yet.</source>
        <translation>Noch nichts berechnet.</translation>
    </message>
    <message>
        <source>Send a request from the Playground</source>
        <translation>Eine Anfrage im Playground senden</translation>
    </message>
    <message>
        <source>No failed request. Failures never bill: their voided holds are listed here.</source>
        <translation>Keine fehlgeschlagene Anfrage. Fehler werden nie berechnet: Ihre stornierten Reservierungen stehen hier.</translation>
    </message>
</context>
<context>
    <name>bytespike::MainWindow</name>
    <message>
        <source>ByteSpike</source>
        <translation>ByteSpike</translation>
    </message>
    <message>
        <source>Console pages</source>
        <translation>Konsolenseiten</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>Spr&amp;ache:</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>Sprache der Oberfläche</translation>
    </message>
    <message>
        <source>Live rates</source>
        <translation>Live-Raten</translation>
    </message>
    <message>
        <source>Channels and pricing</source>
        <translation>Kanäle und Preise</translation>
    </message>
    <message>
        <source>Ledger</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Kunden</translation>
    </message>
    <message>
        <source>Playground</source>
        <translation>Spielwiese</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Show ByteSpike</source>
        <translation>ByteSpike anzeigen</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>The gateway keeps running in the background.</source>
        <translation>Das Gateway läuft im Hintergrund weiter.</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>startet</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>stoppt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>ByteSpike gateway: %1</source>
        <translation>ByteSpike-Gateway: %1</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>Operatoren</translation>
    </message>
    <message>
        <source>The admin token was not kept in the keychain: %1</source>
        <translation>Das Admin-Token wurde nicht im Schlüsselbund gespeichert: %1</translation>
    </message>
    <message>
        <source>embedded</source>
        <translation>eingebettet</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Seiten</translation>
    </message>
</context>
<context>
    <name>bytespike::OperatorsPage</name>
    <message>
        <source>Viewer</source>
        <translation>Betrachter</translation>
    </message>
    <message>
        <source>Pricing</source>
        <translation>Preise</translation>
    </message>
    <message>
        <source>Billing</source>
        <translation>Abrechnung</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Widerrufen</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>R&amp;ole:</source>
        <translation>R&amp;olle:</translation>
    </message>
    <message>
        <source>&amp;Token:</source>
        <translation>&amp;Token:</translation>
    </message>
    <message>
        <source>Viewer reads; Pricing also changes channels, prices and secrets; Billing also changes customers, keys and credits; Admin does everything, operators included.</source>
        <translation>Betrachter lesen; Preise ändert zusätzlich Kanäle, Preise und Geheimnisse; Abrechnung ändert zusätzlich Kunden, Schlüssel und Guthaben; Administrator darf alles, auch Operatoren verwalten.</translation>
    </message>
    <message>
        <source>New operator&apos;s name</source>
        <translation>Name des neuen Operators</translation>
    </message>
    <message>
        <source>A new operator&apos;s token is shown here once</source>
        <translation>Das Token eines neuen Operators wird hier einmal angezeigt</translation>
    </message>
    <message>
        <source>&amp;Create operator</source>
        <translation>Operator &amp;erstellen</translation>
    </message>
    <message>
        <source>&amp;Revoke operator</source>
        <translation>Operator &amp;widerrufen</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>Neu &amp;laden</translation>
    </message>
    <message>
        <source>C&amp;opy</source>
        <translation>K&amp;opieren</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>Operatoren</translation>
    </message>
    <message>
        <source>Name of a new operator</source>
        <translation>Name eines neuen Operators</translation>
    </message>
    <message>
        <source>Role of a new operator</source>
        <translation>Rolle eines neuen Operators</translation>
    </message>
    <message>
        <source>Create the operator</source>
        <translation>Den Operator erstellen</translation>
    </message>
    <message>
        <source>Revoke the selected operator</source>
        <translation>Den gewählten Operator widerrufen</translation>
    </message>
    <message>
        <source>Reload the operators</source>
        <translation>Die Operatoren neu laden</translation>
    </message>
    <message>
        <source>The new operator&apos;s token, shown once</source>
        <translation>Das Token des neuen Operators, einmal angezeigt</translation>
    </message>
    <message>
        <source>Copy the new operator&apos;s token</source>
        <translation>Das Token des neuen Operators kopieren</translation>
    </message>
    <message>
        <source>Token warning</source>
        <translation>Hinweis zum Token</translation>
    </message>
    <message>
        <source>Operator messages</source>
        <translation>Meldungen zu Operatoren</translation>
    </message>
    <message>
        <source>Copy this token now: it will not be shown again.</source>
        <translation>Kopieren Sie dieses Token jetzt: Es wird nicht noch einmal angezeigt.</translation>
    </message>
    <message>
        <source>Only an admin can manage operators.</source>
        <translation>Nur ein Administrator kann Operatoren verwalten.</translation>
    </message>
    <message>
        <source>Cannot load the operators: %1</source>
        <translation>Die Operatoren können nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>An operator needs a name.</source>
        <translation>Ein Operator braucht einen Namen.</translation>
    </message>
    <message>
        <source>Not created: %1</source>
        <translation>Nicht erstellt: %1</translation>
    </message>
    <message>
        <source>Operator %1 created.</source>
        <translation>Operator %1 erstellt.</translation>
    </message>
    <message>
        <source>Choose an operator to revoke.</source>
        <translation>Wählen Sie einen Operator zum Widerrufen.</translation>
    </message>
    <message>
        <source>Revoke operator</source>
        <translation>Operator widerrufen</translation>
    </message>
    <message>
        <source>Revoke %1? Calls with the operator&apos;s token are refused from then on.</source>
        <translation>%1 widerrufen? Aufrufe mit dem Token dieses Operators werden danach abgewiesen.</translation>
    </message>
    <message>
        <source>&amp;Revoke</source>
        <translation>&amp;Widerrufen</translation>
    </message>
    <message>
        <source>&amp;Keep</source>
        <translation>&amp;Behalten</translation>
    </message>
    <message>
        <source>Not revoked: %1</source>
        <translation>Nicht widerrufen: %1</translation>
    </message>
    <message>
        <source>%1 revoked; calls with that token are refused from now on.</source>
        <translation>%1 widerrufen; Aufrufe mit diesem Token werden ab jetzt abgewiesen.</translation>
    </message>
</context>
<context>
    <name>bytespike::OverviewPage</name>
    <message>
        <source>State:</source>
        <translation>Zustand:</translation>
    </message>
    <message>
        <source>Public API:</source>
        <translation>Öffentliche API:</translation>
    </message>
    <message>
        <source>Admin API:</source>
        <translation>Admin-API:</translation>
    </message>
    <message>
        <source>Data directory:</source>
        <translation>Datenverzeichnis:</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>Version:</translation>
    </message>
    <message>
        <source>Last error:</source>
        <translation>Letzter Fehler:</translation>
    </message>
    <message>
        <source>Gateway state</source>
        <translation>Zustand des Gateways</translation>
    </message>
    <message>
        <source>Public API address</source>
        <translation>Adresse der öffentlichen API</translation>
    </message>
    <message>
        <source>Admin API address</source>
        <translation>Adresse der Admin-API</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>Data directory</source>
        <translation>Datenverzeichnis</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;toppen</translation>
    </message>
    <message>
        <source>&amp;Restart</source>
        <translation>&amp;Neu starten</translation>
    </message>
    <message>
        <source>Start the gateway</source>
        <translation>Gateway starten</translation>
    </message>
    <message>
        <source>Stop the gateway</source>
        <translation>Gateway stoppen</translation>
    </message>
    <message>
        <source>Restart the gateway</source>
        <translation>Gateway neu starten</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Gestoppt</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>Startet</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation>Stoppt</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Uptime:</source>
        <translation>Laufzeit:</translation>
    </message>
    <message>
        <source>Gateway uptime</source>
        <translation>Laufzeit des Gateways</translation>
    </message>
    <message>
        <source>Pending holds</source>
        <translation>Offene Reservierungen</translation>
    </message>
    <message>
        <source>C&amp;onnect to a gateway...</source>
        <translation>Mit Gateway &amp;verbinden ...</translation>
    </message>
    <message>
        <source>Connect to a gateway that runs elsewhere</source>
        <translation>Mit einem Gateway verbinden, das anderswo läuft</translation>
    </message>
    <message>
        <source>that of the gateway at %1</source>
        <translation>das des Gateways unter %1</translation>
    </message>
    <message>
        <source>S&amp;pend in:</source>
        <translation>&amp;Ausgaben in:</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>The last 7 days</source>
        <translation>Die letzten 7 Tage</translation>
    </message>
    <message>
        <source>The last 30 days</source>
        <translation>Die letzten 30 Tage</translation>
    </message>
    <message>
        <source>Period of the spend tables</source>
        <translation>Zeitraum der Ausgabentabellen</translation>
    </message>
    <message>
        <source>Spend by model</source>
        <translation>Ausgaben nach Modell</translation>
    </message>
    <message>
        <source>Spend by customer</source>
        <translation>Ausgaben nach Kunde</translation>
    </message>
    <message>
        <source>Channel health</source>
        <translation>Zustand der Kanäle</translation>
    </message>
    <message>
        <source>Latest requests not billed</source>
        <translation>Letzte nicht abgerechnete Anfragen</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>Ausgaben</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Breaker</source>
        <translation>Sicherung</translation>
    </message>
    <message>
        <source>Last failure</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>%1 billed requests, %2</source>
        <translation>%1 abgerechnete Anfragen, %2</translation>
    </message>
    <message>
        <source>No demo key in this data directory: create a customer key on the Customers page.</source>
        <translation>Kein Demo-Schlüssel in diesem Datenverzeichnis: Legen Sie auf der Seite Kunden einen Kundenschlüssel an.</translation>
    </message>
    <message>
        <source>Requests (last hour)</source>
        <translation>Anfragen (letzte Stunde)</translation>
    </message>
    <message>
        <source>Spend (last hour)</source>
        <translation>Ausgaben (letzte Stunde)</translation>
    </message>
    <message>
        <source>Errors (last hour)</source>
        <translation>Fehler (letzte Stunde)</translation>
    </message>
    <message>
        <source>p95 latency (last minute)</source>
        <translation>p95-Latenz (letzte Minute)</translation>
    </message>
    <message>
        <source>Open streams</source>
        <translation>Offene Streams</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>no requests</source>
        <translation>keine Anfragen</translation>
    </message>
    <message>
        <source>Nothing billed in this period.</source>
        <translation>In diesem Zeitraum nichts berechnet.</translation>
    </message>
    <message>
        <source>Send a request from the Playground</source>
        <translation>Eine Anfrage im Playground senden</translation>
    </message>
    <message>
        <source>No channels yet.</source>
        <translation>Noch keine Kanäle.</translation>
    </message>
    <message>
        <source>Add a channel</source>
        <translation>Kanal hinzufügen</translation>
    </message>
    <message>
        <source>Every recent request was billed.</source>
        <translation>Jede neuere Anfrage wurde berechnet.</translation>
    </message>
</context>
<context>
    <name>bytespike::PlaygroundPage</name>
    <message>
        <source>Copied. The key is left out: set BYTESPIKE_KEY before running it.</source>
        <translation>Kopiert. Der Schlüssel fehlt absichtlich: Setzen Sie BYTESPIKE_KEY vor dem Ausführen.</translation>
    </message>
    <message>
        <source>P&amp;rotocol:</source>
        <translation>P&amp;rotokoll:</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>S&amp;ystem prompt:</source>
        <translation>S&amp;ystemprompt:</translation>
    </message>
    <message>
        <source>M&amp;essage:</source>
        <translation>&amp;Nachricht:</translation>
    </message>
    <message>
        <source>Max &amp;tokens:</source>
        <translation>Max. &amp;Tokens:</translation>
    </message>
    <message>
        <source>Stream:</source>
        <translation>Stream:</translation>
    </message>
    <message>
        <source>T&amp;ools (JSON):</source>
        <translation>&amp;Werkzeuge (JSON):</translation>
    </message>
    <message>
        <source>Anthropic Messages</source>
        <translation>Anthropic Messages</translation>
    </message>
    <message>
        <source>OpenAI Chat Completions</source>
        <translation>OpenAI Chat Completions</translation>
    </message>
    <message>
        <source>&amp;Stream the answer</source>
        <translation>Antwort &amp;streamen</translation>
    </message>
    <message>
        <source>A user message, or a JSON array of messages</source>
        <translation>Eine Nutzernachricht oder ein JSON-Array von Nachrichten</translation>
    </message>
    <message>
        <source>Optional: a JSON array of tools</source>
        <translation>Optional: ein JSON-Array von Werkzeugen</translation>
    </message>
    <message>
        <source>A customer key (the demo key by default)</source>
        <translation>Ein Kundenschlüssel (standardmäßig der Demo-Schlüssel)</translation>
    </message>
    <message>
        <source>Se&amp;nd</source>
        <translation>Sen&amp;den</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>A&amp;bbrechen</translation>
    </message>
    <message>
        <source>Copy as c&amp;url</source>
        <translation>Als c&amp;url kopieren</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <source>Response headers</source>
        <translation>Antwort-Header</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Customer key</source>
        <translation>Kundenschlüssel</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>Systemprompt</translation>
    </message>
    <message>
        <source>Message or messages</source>
        <translation>Nachricht oder Nachrichten</translation>
    </message>
    <message>
        <source>Maximum output tokens</source>
        <translation>Maximale Ausgabe-Tokens</translation>
    </message>
    <message>
        <source>Stream the answer</source>
        <translation>Antwort streamen</translation>
    </message>
    <message>
        <source>Tools as JSON</source>
        <translation>Werkzeuge als JSON</translation>
    </message>
    <message>
        <source>Send the request</source>
        <translation>Die Anfrage senden</translation>
    </message>
    <message>
        <source>Cancel the request</source>
        <translation>Die Anfrage abbrechen</translation>
    </message>
    <message>
        <source>Copy the request as a curl command</source>
        <translation>Die Anfrage als curl-Befehl kopieren</translation>
    </message>
    <message>
        <source>Problems with the request</source>
        <translation>Probleme mit der Anfrage</translation>
    </message>
    <message>
        <source>The raw request</source>
        <translation>Die Rohanfrage</translation>
    </message>
    <message>
        <source>The response headers</source>
        <translation>Die Antwort-Header</translation>
    </message>
    <message>
        <source>Server-sent events as they arrive</source>
        <translation>Server-Sent Events beim Eintreffen</translation>
    </message>
    <message>
        <source>The answer</source>
        <translation>Die Antwort</translation>
    </message>
    <message>
        <source>Status, usage, hold and billing</source>
        <translation>Status, Verbrauch, Reservierung und Abrechnung</translation>
    </message>
    <message>
        <source>The messages are not a JSON array.</source>
        <translation>Die Nachrichten sind kein JSON-Array.</translation>
    </message>
    <message>
        <source>Write a message.</source>
        <translation>Schreiben Sie eine Nachricht.</translation>
    </message>
    <message>
        <source>Choose a model.</source>
        <translation>Wählen Sie ein Modell.</translation>
    </message>
    <message>
        <source>The tools are not a JSON array.</source>
        <translation>Die Werkzeuge sind kein JSON-Array.</translation>
    </message>
    <message>
        <source>A customer key is needed.</source>
        <translation>Ein Kundenschlüssel wird benötigt.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet …</translation>
    </message>
    <message>
        <source>(not a stream: the whole body arrived at once)</source>
        <translation>(kein Stream: die ganze Antwort kam auf einmal)</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>%1 · %2 input and %3 output tokens · hold %4</source>
        <translation>%1 · %2 Eingabe- und %3 Ausgabe-Tokens · Reservierung %4</translation>
    </message>
    <message>
        <source>%1 · debited %2 (request %3)</source>
        <translation>%1 · belastet %2 (Anfrage %3)</translation>
    </message>
    <message>
        <source>%1 · not billed, the hold was voided: %2 (request %3)</source>
        <translation>%1 · nicht berechnet, Reservierung aufgehoben: %2 (Anfrage %3)</translation>
    </message>
</context>
<context>
    <name>bytespike::RatesPage</name>
    <message>
        <source>Requests per second</source>
        <translation>Anfragen pro Sekunde</translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation>Tokens pro Sekunde</translation>
    </message>
    <message>
        <source>Spend per second</source>
        <translation>Ausgaben pro Sekunde</translation>
    </message>
    <message>
        <source>p95 latency (ms)</source>
        <translation>p95-Latenz (ms)</translation>
    </message>
    <message>
        <source>Error rate (%)</source>
        <translation>Fehlerquote (%)</translation>
    </message>
    <message>
        <source>Last minute</source>
        <translation>Letzte Minute</translation>
    </message>
    <message>
        <source>Last 5 minutes</source>
        <translation>Letzte 5 Minuten</translation>
    </message>
    <message>
        <source>Last 15 minutes</source>
        <translation>Letzte 15 Minuten</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>&amp;Measure:</source>
        <translation>&amp;Messgröße:</translation>
    </message>
    <message>
        <source>S&amp;pan:</source>
        <translation>&amp;Zeitraum:</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Anhalten</translation>
    </message>
    <message>
        <source>Measure shown in the chart</source>
        <translation>Im Diagramm gezeigte Messgröße</translation>
    </message>
    <message>
        <source>Time span shown in the chart</source>
        <translation>Im Diagramm gezeigter Zeitraum</translation>
    </message>
    <message>
        <source>Resume the live chart</source>
        <translation>Live-Diagramm fortsetzen</translation>
    </message>
    <message>
        <source>Pause the live chart</source>
        <translation>Live-Diagramm anhalten</translation>
    </message>
    <message>
        <source>Live rate chart, one line per endpoint</source>
        <translation>Live-Diagramm der Raten, eine Linie pro Endpunkt</translation>
    </message>
    <message>
        <source>Endpoints with their current rates and prices</source>
        <translation>Endpunkte mit aktuellen Raten und Preisen</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Requests/s</source>
        <translation>Anfragen/s</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>Tokens/s</translation>
    </message>
    <message>
        <source>Spend/s</source>
        <translation>Ausgaben/s</translation>
    </message>
    <message>
        <source>p95 ms</source>
        <translation>p95 ms</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Streams</source>
        <translation>Streams</translation>
    </message>
    <message>
        <source>Input $/MTok</source>
        <translation>Eingabe $/MTok</translation>
    </message>
    <message>
        <source>Output $/MTok</source>
        <translation>Ausgabe $/MTok</translation>
    </message>
    <message>
        <source>Price version</source>
        <translation>Preisversion</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Before routing</source>
        <translation>Vor dem Routing</translation>
    </message>
    <message>
        <source>Before routing (authentication, validation, no route)</source>
        <translation>Vor dem Routing (Anmeldung, Prüfung, keine Route)</translation>
    </message>
    <message>
        <source>%1, one line per endpoint</source>
        <translation>%1, eine Linie je Endpunkt</translation>
    </message>
    <message>
        <source>&amp;All measures</source>
        <translation>&amp;Alle Messgrößen</translation>
    </message>
    <message>
        <source>Show the five measures as small charts at once</source>
        <translation>Die fünf Messgrößen gleichzeitig als kleine Diagramme zeigen</translation>
    </message>
    <message>
        <source>Customers with their current rates</source>
        <translation>Kunden mit ihren aktuellen Raten</translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation>Endpunkte</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Kunden</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Pending holds</source>
        <translation>Offene Reservierungen</translation>
    </message>
    <message>
        <source>Requests per minute</source>
        <translation>Anfragen pro Minute</translation>
    </message>
    <message>
        <source>Requests per hour</source>
        <translation>Anfragen pro Stunde</translation>
    </message>
    <message>
        <source>Tokens per minute</source>
        <translation>Tokens pro Minute</translation>
    </message>
    <message>
        <source>Tokens per hour</source>
        <translation>Tokens pro Stunde</translation>
    </message>
    <message>
        <source>Spend per minute</source>
        <translation>Ausgaben pro Minute</translation>
    </message>
    <message>
        <source>Spend per hour</source>
        <translation>Ausgaben pro Stunde</translation>
    </message>
    <message>
        <source>per second</source>
        <translation>pro Sekunde</translation>
    </message>
    <message>
        <source>per minute</source>
        <translation>pro Minute</translation>
    </message>
    <message>
        <source>per hour</source>
        <translation>pro Stunde</translation>
    </message>
    <message>
        <source>&amp;Rates:</source>
        <translation>&amp;Raten:</translation>
    </message>
    <message>
        <source>Show the rates per second, minute or hour</source>
        <translation>Raten pro Sekunde, Minute oder Stunde zeigen</translation>
    </message>
    <message>
        <source>Requests/min</source>
        <translation>Anfragen/min</translation>
    </message>
    <message>
        <source>Tokens/min</source>
        <translation>Tokens/min</translation>
    </message>
    <message>
        <source>Spend/min</source>
        <translation>Ausgaben/min</translation>
    </message>
    <message>
        <source>Requests/h</source>
        <translation>Anfragen/h</translation>
    </message>
    <message>
        <source>Tokens/h</source>
        <translation>Tokens/h</translation>
    </message>
    <message>
        <source>Spend/h</source>
        <translation>Ausgaben/h</translation>
    </message>
</context>
<context>
    <name>bytespike::RequestsPage</name>
    <message>
        <source>&amp;Customer:</source>
        <translation>&amp;Kunde:</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>&amp;Modell:</translation>
    </message>
    <message>
        <source>C&amp;hannel:</source>
        <translation>&amp;Kanal:</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>&amp;Status:</translation>
    </message>
    <message>
        <source>&amp;Billed:</source>
        <translation>&amp;Berechnet:</translation>
    </message>
    <message>
        <source>&amp;Limit:</source>
        <translation>&amp;Anzahl:</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>A&amp;ktualisieren</translation>
    </message>
    <message>
        <source>&amp;Newer</source>
        <translation>&amp;Neuere</translation>
    </message>
    <message>
        <source>&amp;Older</source>
        <translation>Ä&amp;ltere</translation>
    </message>
    <message>
        <source>All customers</source>
        <translation>Alle Kunden</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Billed</source>
        <translation>Berechnet</translation>
    </message>
    <message>
        <source>Not billed</source>
        <translation>Nicht berechnet</translation>
    </message>
    <message>
        <source>Any model</source>
        <translation>Jedes Modell</translation>
    </message>
    <message>
        <source>Channel or endpoint</source>
        <translation>Kanal oder Endpunkt</translation>
    </message>
    <message>
        <source>Select a request to see its hold and its ledger entry.</source>
        <translation>Wählen Sie eine Anfrage, um ihre Reservierung und ihren Kontoeintrag zu sehen.</translation>
    </message>
    <message>
        <source>Show the requests of this customer</source>
        <translation>Die Anfragen dieses Kunden zeigen</translation>
    </message>
    <message>
        <source>Show only requests for this model</source>
        <translation>Nur Anfragen für dieses Modell zeigen</translation>
    </message>
    <message>
        <source>Show only requests served by this channel or endpoint</source>
        <translation>Nur Anfragen dieses Kanals oder Endpunkts zeigen</translation>
    </message>
    <message>
        <source>Show only requests answered with this HTTP status</source>
        <translation>Nur Anfragen mit diesem HTTP-Status zeigen</translation>
    </message>
    <message>
        <source>Show billed requests, requests not billed, or both</source>
        <translation>Berechnete, nicht berechnete oder alle Anfragen zeigen</translation>
    </message>
    <message>
        <source>How many requests to show at once</source>
        <translation>Wie viele Anfragen auf einmal gezeigt werden</translation>
    </message>
    <message>
        <source>Refresh the request log</source>
        <translation>Das Anfrageprotokoll aktualisieren</translation>
    </message>
    <message>
        <source>Show newer requests</source>
        <translation>Neuere Anfragen zeigen</translation>
    </message>
    <message>
        <source>Show older requests</source>
        <translation>Ältere Anfragen zeigen</translation>
    </message>
    <message>
        <source>Requests, newest first; select one to see its hold and ledger entry</source>
        <translation>Anfragen, neueste zuerst; wählen Sie eine für Reservierung und Kontoeintrag</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Not billed because</source>
        <translation>Nicht berechnet, weil</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Reservierung</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latenz</translation>
    </message>
    <message>
        <source>First byte</source>
        <translation>Erstes Byte</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Anfrage</translation>
    </message>
    <message>
        <source>Ledger entry</source>
        <translation>Kontoeintrag</translation>
    </message>
    <message>
        <source>Id:</source>
        <translation>ID:</translation>
    </message>
    <message>
        <source>Time:</source>
        <translation>Zeit:</translation>
    </message>
    <message>
        <source>Customer:</source>
        <translation>Kunde:</translation>
    </message>
    <message>
        <source>Endpoint:</source>
        <translation>Endpunkt:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Usage:</source>
        <translation>Verbrauch:</translation>
    </message>
    <message>
        <source>Cost:</source>
        <translation>Kosten:</translation>
    </message>
    <message>
        <source>Not billed because:</source>
        <translation>Nicht berechnet, weil:</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Zustand:</translation>
    </message>
    <message>
        <source>Amount:</source>
        <translation>Betrag:</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Grund:</translation>
    </message>
    <message>
        <source>Debit:</source>
        <translation>Belastung:</translation>
    </message>
    <message>
        <source>Resolved:</source>
        <translation>Abgeschlossen:</translation>
    </message>
    <message>
        <source>Price version:</source>
        <translation>Preisversion:</translation>
    </message>
    <message>
        <source>Memo:</source>
        <translation>Notiz:</translation>
    </message>
    <message>
        <source>%1 in, %2 out, %3 cache write, %4 cache read</source>
        <translation>%1 ein, %2 aus, %3 Cache-Schreiben, %4 Cache-Lesen</translation>
    </message>
    <message>
        <source>No hold was taken.</source>
        <translation>Es wurde keine Reservierung genommen.</translation>
    </message>
    <message>
        <source>Not billed: %1</source>
        <translation>Nicht berechnet: %1</translation>
    </message>
    <message>
        <source>No ledger entry found.</source>
        <translation>Kein Kontoeintrag gefunden.</translation>
    </message>
    <message>
        <source>Request &amp;id:</source>
        <translation>Anfrage-&amp;ID:</translation>
    </message>
    <message>
        <source>req_… (Ctrl+F)</source>
        <translation>req_… (Strg+F)</translation>
    </message>
    <message>
        <source>Find one request by its request id</source>
        <translation>Eine Anfrage über ihre Anfrage-ID finden</translation>
    </message>
    <message>
        <source>No request matches these filters.</source>
        <translation>Keine Anfrage passt zu diesen Filtern.</translation>
    </message>
    <message>
        <source>Clear the filters</source>
        <translation>Filter zurücksetzen</translation>
    </message>
    <message>
        <source>No requests yet. They appear here as clients send them, billed or not.</source>
        <translation>Noch keine Anfragen. Sie erscheinen hier, sobald Clients sie senden, berechnet oder nicht.</translation>
    </message>
    <message>
        <source>Send one from the Playground</source>
        <translation>Eine im Playground senden</translation>
    </message>
</context>
<context>
    <name>bytespike::SettingsPage</name>
    <message>
        <source>&amp;Public API address:</source>
        <translation>Adresse der ö&amp;ffentlichen API:</translation>
    </message>
    <message>
        <source>&amp;Admin API address:</source>
        <translation>Adresse der &amp;Admin-API:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Farbschema:</translation>
    </message>
    <message>
        <source>Log le&amp;vel:</source>
        <translation>Protokoll&amp;stufe:</translation>
    </message>
    <message>
        <source>&amp;Keep the request log:</source>
        <translation>Anfrageprotokoll &amp;aufbewahren:</translation>
    </message>
    <message>
        <source>When the window closes:</source>
        <translation>Beim Schließen des Fensters:</translation>
    </message>
    <message>
        <source>Empty: the public address serves the admin API too</source>
        <translation>Leer: die öffentliche Adresse bedient auch die Admin-API</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>As the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>A&amp;pply</source>
        <translation>&amp;Übernehmen</translation>
    </message>
    <message>
        <source>Public API address, host and port</source>
        <translation>Adresse der öffentlichen API, Host und Port</translation>
    </message>
    <message>
        <source>Admin API address, host and port</source>
        <translation>Adresse der Admin-API, Host und Port</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>Sprache der Oberfläche</translation>
    </message>
    <message>
        <source>Colour theme</source>
        <translation>Farbschema</translation>
    </message>
    <message>
        <source>Log level</source>
        <translation>Protokollstufe</translation>
    </message>
    <message>
        <source>Days the request log is kept</source>
        <translation>Tage, die das Anfrageprotokoll aufbewahrt wird</translation>
    </message>
    <message>
        <source>Keep the gateway running when the window closes</source>
        <translation>Gateway weiterlaufen lassen, wenn das Fenster schließt</translation>
    </message>
    <message>
        <source>Apply the settings</source>
        <translation>Die Einstellungen übernehmen</translation>
    </message>
    <message>
        <source>Settings messages</source>
        <translation>Meldungen der Einstellungen</translation>
    </message>
    <message>
        <source>Saved. The gateway restarts with the new addresses and log settings.</source>
        <translation>Gespeichert. Das Gateway startet mit den neuen Adressen und Protokolleinstellungen neu.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
    <message>
        <source>Keep the gateway &amp;running in the background</source>
        <translation>Gateway im Hintergrund &amp;weiterlaufen lassen</translation>
    </message>
    <message>
        <source>Saved. The addresses and log settings are the console&apos;s own gateway&apos;s; the gateway it is attached to keeps its own.</source>
        <translation>Gespeichert. Adressen und Protokolleinstellungen gelten für das eigene Gateway der Konsole; das verbundene Gateway behält seine.</translation>
    </message>
</context>
<context>
    <name>bytespike::UsageBarDelegate</name>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
</context>
</TS>
