<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja">
<context>
    <name>Attach</name>
    <message>
        <source>a gateway address is http:// or https:// and a host, such as http://127.0.0.1:8787</source>
        <translation>ゲートウェイのアドレスは http:// または https:// とホストです（例: http://127.0.0.1:8787）</translation>
    </message>
    <message>
        <source>a gateway address has no user, path, query or fragment</source>
        <translation>ゲートウェイのアドレスにはユーザー、パス、クエリ、フラグメントを含めません</translation>
    </message>
    <message>
        <source>cannot read the admin token file %1: %2</source>
        <translation>管理トークンのファイル %1 を読めません: %2</translation>
    </message>
    <message>
        <source>the admin token file %1 holds no token (printable characters, at most %2)</source>
        <translation>管理トークンのファイル %1 にトークンがありません（印字可能な文字、最大 %2 文字）</translation>
    </message>
</context>
<context>
    <name>GatewayCalls</name>
    <message>
        <source>the gateway cannot be reached</source>
        <translation>ゲートウェイに接続できません</translation>
    </message>
    <message>
        <source>the gateway refused the admin token</source>
        <translation>ゲートウェイが管理トークンを拒否しました</translation>
    </message>
    <message>
        <source>the operator&apos;s role does not allow this</source>
        <translation>オペレーターのロールでは許可されていません</translation>
    </message>
    <message>
        <source>it no longer exists; reload the page</source>
        <translation>もう存在しません。ページを再読み込みしてください</translation>
    </message>
    <message>
        <source>the gateway could not do it (its log says why)</source>
        <translation>ゲートウェイは実行できませんでした（理由はログにあります）</translation>
    </message>
    <message>
        <source>the gateway cannot do this now (stopped, or its keychain is unavailable)</source>
        <translation>ゲートウェイは現在これを実行できません（停止中、またはキーチェーンが使えません）</translation>
    </message>
</context>
<context>
    <name>GatewayOptions</name>
    <message>
        <source>Where bytespike.db and logs live.</source>
        <translation>bytespike.db とログを置く場所。</translation>
    </message>
    <message>
        <source>sqlite (default: DATA_DIR/bytespike.db) or a PostgreSQL database as a postgresql:// URI.</source>
        <translation>sqlite（既定: DATA_DIR/bytespike.db）または postgresql:// URI で指定する PostgreSQL データベース。</translation>
    </message>
    <message>
        <source>Public API address (default 127.0.0.1:8787; port 0 picks a free port).</source>
        <translation>公開 API のアドレス（既定は 127.0.0.1:8787、ポート 0 で空きポートを自動選択）。</translation>
    </message>
    <message>
        <source>Separate admin API address (default: the public listener).</source>
        <translation>管理 API 用の別アドレス（既定：公開リスナーと同じ）。</translation>
    </message>
    <message>
        <source>error, warn, info or debug (default info).</source>
        <translation>error、warn、info、debug のいずれか（既定は info）。</translation>
    </message>
</context>
<context>
    <name>PricingExport</name>
    <message>
        <source>Rate card</source>
        <translation>料金表</translation>
    </message>
    <message>
        <source>Prices in US dollars per million tokens</source>
        <translation>価格は100万トークンあたりの米ドル</translation>
    </message>
    <message>
        <source>No models are offered right now.</source>
        <translation>現在提供しているモデルはありません。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>チャネル</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>入力</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>出力</translation>
    </message>
    <message>
        <source>Cache write</source>
        <translation>キャッシュ書き込み</translation>
    </message>
    <message>
        <source>Cache read</source>
        <translation>キャッシュ読み取り</translation>
    </message>
    <message>
        <source>Price version</source>
        <translation>価格バージョン</translation>
    </message>
    <message>
        <source>Generated %1 from the gateway&apos;s channel registry</source>
        <translation>%1 にゲートウェイのチャネル登録から生成</translation>
    </message>
</context>
<context>
    <name>Statement</name>
    <message>
        <source>Statement</source>
        <translation>取引明細書</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>顧客</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期間</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種別</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>リクエスト</translation>
    </message>
    <message>
        <source>Input tokens</source>
        <translation>入力トークン</translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation>出力トークン</translation>
    </message>
    <message>
        <source>Price version</source>
        <translation>価格バージョン</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金額</translation>
    </message>
    <message>
        <source>Opening balance</source>
        <translation>期首残高</translation>
    </message>
    <message>
        <source>Closing balance</source>
        <translation>期末残高</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>入金</translation>
    </message>
    <message>
        <source>Debit</source>
        <translation>引き落とし</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>入金</translation>
    </message>
    <message>
        <source>Debits</source>
        <translation>引き落とし</translation>
    </message>
    <message>
        <source>Debits per day</source>
        <translation>日別の引き落とし</translation>
    </message>
    <message>
        <source>Debits per model</source>
        <translation>モデル別の引き落とし</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>リクエスト数</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>明細</translation>
    </message>
    <message>
        <source>Balance per day</source>
        <translation>日別の残高</translation>
    </message>
    <message>
        <source>Days with lines only, at most the last %1.</source>
        <translation>明細のある日のみ（直近の最大%1日）。</translation>
    </message>
</context>
<context>
    <name>bytespike::ChannelModelsModel</name>
    <message>
        <source>Price minus upstream cost per million tokens: input / output</source>
        <translation>100 万トークンあたりの価格から上流コストを引いた値：入力 / 出力</translation>
    </message>
    <message>
        <source>Edited: not saved yet (Ctrl+S saves, Ctrl+Z undoes)</source>
        <translation>変更済み・未保存（Ctrl+S で保存、Ctrl+Z で元に戻す）</translation>
    </message>
</context>
<context>
    <name>bytespike::ChannelsPage</name>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>プロトコル</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>有効</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>優先度</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>重み</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>バージョン</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Upstream model</source>
        <translation>上流モデル</translation>
    </message>
    <message>
        <source>Input $/MTok</source>
        <translation>入力 $/MTok</translation>
    </message>
    <message>
        <source>Output $/MTok</source>
        <translation>出力 $/MTok</translation>
    </message>
    <message>
        <source>Cache write $/MTok</source>
        <translation>キャッシュ書込 $/MTok</translation>
    </message>
    <message>
        <source>Cache read $/MTok</source>
        <translation>キャッシュ読込 $/MTok</translation>
    </message>
    <message>
        <source>Margin in / out</source>
        <translation>マージン 入 / 出</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>入力</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>出力</translation>
    </message>
    <message>
        <source>Input before</source>
        <translation>変更前の入力</translation>
    </message>
    <message>
        <source>Output before</source>
        <translation>変更前の出力</translation>
    </message>
    <message>
        <source>Changed by</source>
        <translation>変更者</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名前(&amp;N):</translation>
    </message>
    <message>
        <source>P&amp;rotocol:</source>
        <translation>プロトコル(&amp;R):</translation>
    </message>
    <message>
        <source>&amp;Base URL:</source>
        <translation>ベース URL(&amp;B):</translation>
    </message>
    <message>
        <source>Secret &amp;reference:</source>
        <translation>シークレット参照(&amp;R):</translation>
    </message>
    <message>
        <source>E&amp;nabled:</source>
        <translation>有効(&amp;N):</translation>
    </message>
    <message>
        <source>Pr&amp;iority:</source>
        <translation>優先度(&amp;I):</translation>
    </message>
    <message>
        <source>&amp;Weight:</source>
        <translation>重み(&amp;W):</translation>
    </message>
    <message>
        <source>&amp;Keychain secret:</source>
        <translation>キーチェーンのシークレット(&amp;K):</translation>
    </message>
    <message>
        <source>Route requests to this channel</source>
        <translation>このチャネルにリクエストを振り分ける</translation>
    </message>
    <message>
        <source>keychain:NAME, env:VAR or file:PATH</source>
        <translation>keychain:NAME、env:VAR または file:PATH</translation>
    </message>
    <message>
        <source>Paste a provider key to store it in the keychain</source>
        <translation>プロバイダーキーを貼り付けてキーチェーンに保存</translation>
    </message>
    <message>
        <source>&amp;Add channel</source>
        <translation>チャネルを追加(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Delete channel</source>
        <translation>チャネルを削除(&amp;D)</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>再読み込み(&amp;L)</translation>
    </message>
    <message>
        <source>Add &amp;model</source>
        <translation>モデルを追加(&amp;M)</translation>
    </message>
    <message>
        <source>Remove m&amp;odel</source>
        <translation>モデルを削除(&amp;O)</translation>
    </message>
    <message>
        <source>Store in &amp;keychain</source>
        <translation>キーチェーンに保存(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>元に戻す(&amp;U)</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>すべて戻す(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>接続テスト(&amp;T)</translation>
    </message>
    <message>
        <source>Models and prices</source>
        <translation>モデルと価格</translation>
    </message>
    <message>
        <source>Price history</source>
        <translation>価格履歴</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>チャネル</translation>
    </message>
    <message>
        <source>Models and prices of the selected channel</source>
        <translation>選択したチャネルのモデルと価格</translation>
    </message>
    <message>
        <source>Price history of the selected channel</source>
        <translation>選択したチャネルの価格履歴</translation>
    </message>
    <message>
        <source>Channel name</source>
        <translation>チャネル名</translation>
    </message>
    <message>
        <source>Channel protocol</source>
        <translation>チャネルのプロトコル</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>ベース URL</translation>
    </message>
    <message>
        <source>Secret reference</source>
        <translation>シークレット参照</translation>
    </message>
    <message>
        <source>Channel enabled</source>
        <translation>チャネル有効</translation>
    </message>
    <message>
        <source>Provider key to store in the keychain</source>
        <translation>キーチェーンに保存するプロバイダーキー</translation>
    </message>
    <message>
        <source>Channel editor messages</source>
        <translation>チャネル編集のメッセージ</translation>
    </message>
    <message>
        <source>Add a channel</source>
        <translation>チャネルを追加</translation>
    </message>
    <message>
        <source>Delete the selected channel</source>
        <translation>選択したチャネルを削除</translation>
    </message>
    <message>
        <source>Reload the channels and discard unsaved edits</source>
        <translation>チャネルを再読み込みし、未保存の編集を破棄</translation>
    </message>
    <message>
        <source>Add a model</source>
        <translation>モデルを追加</translation>
    </message>
    <message>
        <source>Remove the selected model</source>
        <translation>選択したモデルを削除</translation>
    </message>
    <message>
        <source>Store the provider key in the keychain</source>
        <translation>プロバイダーキーをキーチェーンに保存</translation>
    </message>
    <message>
        <source>Undo the last unsaved edit</source>
        <translation>最後の未保存の編集を元に戻す</translation>
    </message>
    <message>
        <source>Revert every unsaved edit</source>
        <translation>未保存の編集をすべて戻す</translation>
    </message>
    <message>
        <source>Save the channel</source>
        <translation>チャネルを保存</translation>
    </message>
    <message>
        <source>Test the connection to the provider</source>
        <translation>プロバイダーへの接続をテスト</translation>
    </message>
    <message>
        <source>Cannot load the channels: %1</source>
        <translation>チャネルを読み込めません：%1</translation>
    </message>
    <message>
        <source>Unavailable: %1</source>
        <translation>利用不可：%1</translation>
    </message>
    <message>
        <source>A channel needs a name.</source>
        <translation>チャネルには名前が必要です。</translation>
    </message>
    <message>
        <source>The base URL must be an http:// or https:// address.</source>
        <translation>ベース URL は http:// または https:// のアドレスである必要があります。</translation>
    </message>
    <message>
        <source>Every model needs a public name.</source>
        <translation>すべてのモデルに公開名が必要です。</translation>
    </message>
    <message>
        <source>Model %1 is listed twice.</source>
        <translation>モデル %1 が重複しています。</translation>
    </message>
    <message>
        <source>Unsaved changes: save them, undo or revert.</source>
        <translation>未保存の変更があります：保存するか、元に戻すか、すべて戻してください。</translation>
    </message>
    <message>
        <source>Not saved: %1 Reload shows the current version; your edit stays here until then.</source>
        <translation>保存されませんでした：%1 再読み込みで現在のバージョンを表示します。それまで編集内容はここに残ります。</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>保存されませんでした：%1</translation>
    </message>
    <message>
        <source>Saved as version %1; the next request is priced by it.</source>
        <translation>バージョン %1 として保存しました。次のリクエストからこの価格で課金されます。</translation>
    </message>
    <message>
        <source>Delete channel</source>
        <translation>チャネルを削除</translation>
    </message>
    <message>
        <source>Delete channel %1? Requests stop using it at once; its ledger history stays.</source>
        <translation>チャネル %1 を削除しますか？リクエストは直ちに使用を停止します。台帳の履歴は残ります。</translation>
    </message>
    <message>
        <source>Not deleted: %1</source>
        <translation>削除されませんでした：%1</translation>
    </message>
    <message>
        <source>Channel deleted.</source>
        <translation>チャネルを削除しました。</translation>
    </message>
    <message>
        <source>The keychain did not take the key: %1</source>
        <translation>キーチェーンがキーを受け付けませんでした：%1</translation>
    </message>
    <message>
        <source>Stored in the keychain as %1. Save the channel to use it.</source>
        <translation>キーチェーンに %1 として保存しました。使用するにはチャネルを保存してください。</translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation>接続をテストしています…</translation>
    </message>
    <message>
        <source>Connection works: %1 answered in %2 ms.</source>
        <translation>接続に成功しました：%1 が %2 ms で応答しました。</translation>
    </message>
    <message>
        <source>Connection failed: %1</source>
        <translation>接続に失敗しました：%1</translation>
    </message>
    <message>
        <source>&amp;CA file:</source>
        <translation>CA ファイル(&amp;C):</translation>
    </message>
    <message>
        <source>Pro&amp;xy:</source>
        <translation>プロキシ(&amp;X):</translation>
    </message>
    <message>
        <source>Proxy secret re&amp;ference:</source>
        <translation>プロキシのシークレット参照(&amp;F):</translation>
    </message>
    <message>
        <source>empty: the system&apos;s trusted CAs</source>
        <translation>空欄: システムの信頼済み CA</translation>
    </message>
    <message>
        <source>empty: HTTPS_PROXY from the environment; direct; or http://host:port</source>
        <translation>空欄: 環境変数の HTTPS_PROXY、direct、または http://host:port</translation>
    </message>
    <message>
        <source>keychain:NAME, env:VAR or file:PATH holding user:password</source>
        <translation>user:password を保持する keychain:NAME、env:VAR または file:PATH</translation>
    </message>
    <message>
        <source>An absolute path to a PEM file (https:// base URLs only): its certificates are then the only CAs trusted for this channel. Leave it empty to trust the system&apos;s CAs.</source>
        <translation>PEM ファイルへの絶対パス (https:// のベース URL のみ)。指定すると、このチャネルではそのファイルの証明書だけが信頼される CA になります。システムの CA を信頼するには空欄のままにします。</translation>
    </message>
    <message>
        <source>How to reach the provider: empty uses HTTPS_PROXY or HTTP_PROXY from the environment, direct uses no proxy, and http://host:port tunnels through that proxy with CONNECT. Credentials do not belong in the URL: use the proxy secret reference.</source>
        <translation>プロバイダーへの接続方法: 空欄は環境変数の HTTPS_PROXY または HTTP_PROXY を使い、direct はプロキシを使わず、http://host:port はそのプロキシを CONNECT でトンネルします。認証情報は URL に含めず、プロキシのシークレット参照を使ってください。</translation>
    </message>
    <message>
        <source>Where the proxy&apos;s user:password is kept (keychain:NAME, env:VAR or file:PATH); sent as Proxy-Authorization. Only with a proxy URL.</source>
        <translation>プロキシの user:password の保存場所 (keychain:NAME、env:VAR または file:PATH)。Proxy-Authorization として送信されます。プロキシ URL を指定した場合のみ使えます。</translation>
    </message>
    <message>
        <source>CA file</source>
        <translation>CA ファイル</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>プロキシ</translation>
    </message>
    <message>
        <source>Proxy secret reference</source>
        <translation>プロキシのシークレット参照</translation>
    </message>
    <message>
        <source>The CA file must be an absolute path, like /etc/ssl/certs/provider.pem.</source>
        <translation>CA ファイルは /etc/ssl/certs/provider.pem のような絶対パスである必要があります。</translation>
    </message>
    <message>
        <source>A CA file applies to https:// base URLs only: clear it or use https://.</source>
        <translation>CA ファイルは https:// のベース URL にのみ使えます。空欄にするか https:// を使ってください。</translation>
    </message>
    <message>
        <source>No channels: the gateway has nowhere to send a request.</source>
        <translation>チャネルがありません。ゲートウェイはリクエストを送る先がありません。</translation>
    </message>
    <message>
        <source>This channel serves no model yet.</source>
        <translation>このチャネルにはまだモデルがありません。</translation>
    </message>
</context>
<context>
    <name>bytespike::ConnectDialog</name>
    <message>
        <source>The admin token is the bsa-... text from the gateway&apos;s admin-token file or its BYTESPIKE_ADMIN_TOKEN: printable characters without spaces.</source>
        <translation>管理トークンは、ゲートウェイの admin-token ファイルまたは BYTESPIKE_ADMIN_TOKEN にある bsa-... の文字列です（空白を含まない印字可能な文字）。</translation>
    </message>
    <message>
        <source>Connect to a gateway</source>
        <translation>ゲートウェイに接続</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>アドレス(&amp;A):</translation>
    </message>
    <message>
        <source>Admin &amp;token:</source>
        <translation>管理トークン(&amp;T):</translation>
    </message>
    <message>
        <source>&amp;Keep the token in the system keychain</source>
        <translation>トークンをシステムのキーチェーンに保存(&amp;K)</translation>
    </message>
    <message>
        <source>Gateway address</source>
        <translation>ゲートウェイのアドレス</translation>
    </message>
    <message>
        <source>Admin token</source>
        <translation>管理トークン</translation>
    </message>
    <message>
        <source>Keep the token in the system keychain</source>
        <translation>トークンをシステムのキーチェーンに保存</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>接続(&amp;C)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
</context>
<context>
    <name>bytespike::CustomerLimitsDialog</name>
    <message>
        <source>Limits of %1</source>
        <translation>%1 の制限</translation>
    </message>
    <message>
        <source>Customer limits messages</source>
        <translation>顧客の制限に関するメッセージ</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>制限なし</translation>
    </message>
    <message>
        <source>Requests per minute across the customer&apos;s keys, 0 for no limit</source>
        <translation>顧客の全キー合計の 1 分あたりのリクエスト数（0 で制限なし）</translation>
    </message>
    <message>
        <source>Tokens per minute across the customer&apos;s keys, 0 for no limit</source>
        <translation>顧客の全キー合計の 1 分あたりのトークン数（0 で制限なし）</translation>
    </message>
    <message>
        <source>Requests at once across the customer&apos;s keys, 0 for no limit</source>
        <translation>顧客の全キー合計の同時リクエスト数（0 で制限なし）</translation>
    </message>
    <message>
        <source>These limits hold across all of the customer&apos;s keys; each key can have its own too.</source>
        <translation>これらの制限は顧客のすべてのキーの合計に適用されます。キーごとに個別の制限も設定できます。</translation>
    </message>
    <message>
        <source>&amp;Requests per minute:</source>
        <translation>1 分あたりのリクエスト数(&amp;R):</translation>
    </message>
    <message>
        <source>&amp;Tokens per minute:</source>
        <translation>1 分あたりのトークン数(&amp;T):</translation>
    </message>
    <message>
        <source>Requests at &amp;once:</source>
        <translation>同時リクエスト数(&amp;O):</translation>
    </message>
    <message>
        <source>%1 requests/min</source>
        <translation>%1 リクエスト/分</translation>
    </message>
    <message>
        <source>%1 tokens/min</source>
        <translation>%1 トークン/分</translation>
    </message>
    <message>
        <source>%1 at once</source>
        <translation>同時 %1 件</translation>
    </message>
    <message>
        <source>no limits</source>
        <translation>制限なし</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>保存されませんでした：%1</translation>
    </message>
</context>
<context>
    <name>bytespike::CustomersPage</name>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>残高</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>保留中</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>利用可能</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>キー</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>作成日時</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>失効日時</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>エンドポイント</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>リクエスト</translation>
    </message>
    <message>
        <source>Input tokens</source>
        <translation>入力トークン</translation>
    </message>
    <message>
        <source>Output tokens</source>
        <translation>出力トークン</translation>
    </message>
    <message>
        <source>Price version</source>
        <translation>価格バージョン</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金額</translation>
    </message>
    <message>
        <source>Memo</source>
        <translation>メモ</translation>
    </message>
    <message>
        <source>Top-&amp;up ($):</source>
        <translation>チャージ額 ($)(&amp;U):</translation>
    </message>
    <message>
        <source>M&amp;emo:</source>
        <translation>メモ(&amp;E):</translation>
    </message>
    <message>
        <source>&amp;Key name:</source>
        <translation>キー名(&amp;K):</translation>
    </message>
    <message>
        <source>New &amp;key:</source>
        <translation>新しいキー(&amp;K):</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>開始(&amp;F):</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>終了(&amp;T):</translation>
    </message>
    <message>
        <source>New customer&apos;s name</source>
        <translation>新しい顧客の名前</translation>
    </message>
    <message>
        <source>A new key is shown here once</source>
        <translation>新しいキーはここに一度だけ表示されます</translation>
    </message>
    <message>
        <source>&amp;Add customer</source>
        <translation>顧客を追加(&amp;A)</translation>
    </message>
    <message>
        <source>Add &amp;credit</source>
        <translation>クレジットを追加(&amp;C)</translation>
    </message>
    <message>
        <source>Create &amp;key</source>
        <translation>キーを作成(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Revoke key</source>
        <translation>キーを失効(&amp;R)</translation>
    </message>
    <message>
        <source>C&amp;opy</source>
        <translation>コピー(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Show statement</source>
        <translation>明細を表示(&amp;S)</translation>
    </message>
    <message>
        <source>Export CS&amp;V</source>
        <translation>CSV を書き出し(&amp;V)</translation>
    </message>
    <message>
        <source>Export P&amp;DF</source>
        <translation>PDF を書き出し(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Print</source>
        <translation>印刷(&amp;P)</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>明細</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>キー</translation>
    </message>
    <message>
        <source>Daily spend by model</source>
        <translation>モデル別の日次支出</translation>
    </message>
    <message>
        <source>Customers and their balances</source>
        <translation>顧客と残高</translation>
    </message>
    <message>
        <source>Name of a new customer</source>
        <translation>新しい顧客の名前</translation>
    </message>
    <message>
        <source>Add the customer</source>
        <translation>顧客を追加</translation>
    </message>
    <message>
        <source>Balance of the selected customer</source>
        <translation>選択した顧客の残高</translation>
    </message>
    <message>
        <source>Top-up amount in dollars</source>
        <translation>チャージ額（ドル）</translation>
    </message>
    <message>
        <source>Top-up memo</source>
        <translation>チャージのメモ</translation>
    </message>
    <message>
        <source>Add the credit to the balance</source>
        <translation>残高にクレジットを追加</translation>
    </message>
    <message>
        <source>Keys of the selected customer</source>
        <translation>選択した顧客のキー</translation>
    </message>
    <message>
        <source>Name of a new key</source>
        <translation>新しいキーの名前</translation>
    </message>
    <message>
        <source>Create a key</source>
        <translation>キーを作成</translation>
    </message>
    <message>
        <source>Revoke the selected key</source>
        <translation>選択したキーを失効</translation>
    </message>
    <message>
        <source>The new key, shown once</source>
        <translation>新しいキー（一度だけ表示）</translation>
    </message>
    <message>
        <source>Copy the new key</source>
        <translation>新しいキーをコピー</translation>
    </message>
    <message>
        <source>Statement from</source>
        <translation>明細の開始日</translation>
    </message>
    <message>
        <source>Statement to</source>
        <translation>明細の終了日</translation>
    </message>
    <message>
        <source>Show the statement for the period</source>
        <translation>期間の明細を表示</translation>
    </message>
    <message>
        <source>Export the statement as CSV</source>
        <translation>明細を CSV で書き出し</translation>
    </message>
    <message>
        <source>Export the statement as PDF</source>
        <translation>明細を PDF で書き出し</translation>
    </message>
    <message>
        <source>Print the statement</source>
        <translation>明細を印刷</translation>
    </message>
    <message>
        <source>Statement totals</source>
        <translation>明細の合計</translation>
    </message>
    <message>
        <source>Chart of daily spend stacked by model</source>
        <translation>モデル別に積み上げた日次支出のグラフ</translation>
    </message>
    <message>
        <source>Chart of the balance over the period</source>
        <translation>期間中の残高のグラフ</translation>
    </message>
    <message>
        <source>Statement lines</source>
        <translation>明細行</translation>
    </message>
    <message>
        <source>Customer messages</source>
        <translation>顧客のメッセージ</translation>
    </message>
    <message>
        <source>Cannot load the customers: %1</source>
        <translation>顧客を読み込めません：%1</translation>
    </message>
    <message>
        <source>%1: balance %2, held %3, available %4</source>
        <translation>%1：残高 %2、保留中 %3、利用可能 %4</translation>
    </message>
    <message>
        <source>A customer needs a name.</source>
        <translation>顧客には名前が必要です。</translation>
    </message>
    <message>
        <source>Not added: %1</source>
        <translation>追加されませんでした：%1</translation>
    </message>
    <message>
        <source>Customer added.</source>
        <translation>顧客を追加しました。</translation>
    </message>
    <message>
        <source>Type the top-up in dollars, for example 25 or 12.50.</source>
        <translation>チャージ額をドルで入力してください（例：25 または 12.50）。</translation>
    </message>
    <message>
        <source>Not credited: %1</source>
        <translation>クレジットされませんでした：%1</translation>
    </message>
    <message>
        <source>Credited %1.</source>
        <translation>%1 をクレジットしました。</translation>
    </message>
    <message>
        <source>console</source>
        <translation>コンソール</translation>
    </message>
    <message>
        <source>No key created: %1</source>
        <translation>キーは作成されませんでした：%1</translation>
    </message>
    <message>
        <source>Copy the new key now: it is not shown again.</source>
        <translation>新しいキーを今すぐコピーしてください。再表示されません。</translation>
    </message>
    <message>
        <source>Choose a key to revoke on the Keys tab.</source>
        <translation>［キー］タブで失効するキーを選んでください。</translation>
    </message>
    <message>
        <source>Not revoked: %1</source>
        <translation>失効されませんでした：%1</translation>
    </message>
    <message>
        <source>Key revoked; requests with it are refused from now on.</source>
        <translation>キーを失効しました。今後このキーでのリクエストは拒否されます。</translation>
    </message>
    <message>
        <source>No statement: %1</source>
        <translation>明細がありません：%1</translation>
    </message>
    <message>
        <source>Opening %1 · credits %2 · debits %3 · closing %4</source>
        <translation>期首 %1 · 入金 %2 · 引落 %3 · 期末 %4</translation>
    </message>
    <message>
        <source>Not exported: %1</source>
        <translation>書き出されませんでした：%1</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 を保存しました。</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>%1 に書き込めません。</translation>
    </message>
    <message>
        <source>Cannot print: %1</source>
        <translation>印刷できません：%1</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>プリンターに送信しました。</translation>
    </message>
    <message>
        <source>The printer refused the statement.</source>
        <translation>プリンターが明細を受け付けませんでした。</translation>
    </message>
    <message>
        <source>Limits</source>
        <translation>制限</translation>
    </message>
    <message>
        <source>Budget used</source>
        <translation>予算の使用額</translation>
    </message>
    <message>
        <source>&amp;New key with limits…</source>
        <translation>制限付きの新しいキー(&amp;N)…</translation>
    </message>
    <message>
        <source>Edit key l&amp;imits…</source>
        <translation>キーの制限を編集(&amp;I)…</translation>
    </message>
    <message>
        <source>Customer &amp;limits…</source>
        <translation>顧客の制限(&amp;L)…</translation>
    </message>
    <message>
        <source>Create a key with limits</source>
        <translation>制限付きのキーを作成</translation>
    </message>
    <message>
        <source>Edit the limits of the selected key</source>
        <translation>選択したキーの制限を編集</translation>
    </message>
    <message>
        <source>Edit the limits of the selected customer</source>
        <translation>選択した顧客の制限を編集</translation>
    </message>
    <message>
        <source>Limits of the selected customer</source>
        <translation>選択した顧客の制限</translation>
    </message>
    <message>
        <source>Customer limits: %1</source>
        <translation>顧客の制限：%1</translation>
    </message>
    <message>
        <source>Choose a key to edit on the Keys tab.</source>
        <translation>「キー」タブで編集するキーを選んでください。</translation>
    </message>
    <message>
        <source>Limits of %1 saved.</source>
        <translation>%1 の制限を保存しました。</translation>
    </message>
    <message>
        <source>No customers yet.</source>
        <translation>まだ顧客がいません。</translation>
    </message>
    <message>
        <source>Add a customer</source>
        <translation>顧客を追加</translation>
    </message>
    <message>
        <source>This customer has no key: its clients cannot call the gateway yet.</source>
        <translation>この顧客にはキーがありません。クライアントはまだゲートウェイを呼び出せません。</translation>
    </message>
    <message>
        <source>Select a customer to see its statement.</source>
        <translation>顧客を選ぶと明細が表示されます。</translation>
    </message>
    <message>
        <source>No credit and no billed request in this period.</source>
        <translation>この期間にクレジットも課金済みリクエストもありません。</translation>
    </message>
    <message>
        <source>Add a credit</source>
        <translation>クレジットを追加</translation>
    </message>
</context>
<context>
    <name>bytespike::DollarDelegate</name>
    <message>
        <source>Price in dollars per million tokens</source>
        <translation>100 万トークンあたりの価格（ドル）</translation>
    </message>
</context>
<context>
    <name>bytespike::DollarValidator</name>
    <message>
        <source>Dollars only, with at most six decimals: for example 3.75</source>
        <translation>ドル金額のみ（小数点以下 6 桁まで）：例 3.75</translation>
    </message>
</context>
<context>
    <name>bytespike::GatewayAttachment</name>
    <message>
        <source>The gateway at %1 refused the admin token (%2).</source>
        <translation>%1 のゲートウェイが管理トークンを拒否しました（%2）。</translation>
    </message>
    <message>
        <source>Lost the connection to the gateway at %1; trying again.</source>
        <translation>%1 のゲートウェイとの接続が切れました。再試行しています。</translation>
    </message>
    <message>
        <source>Cannot reach the gateway at %1; trying again.</source>
        <translation>%1 のゲートウェイに接続できません。再試行しています。</translation>
    </message>
    <message>
        <source>The gateway at %1 answered: %2</source>
        <translation>%1 のゲートウェイの応答: %2</translation>
    </message>
</context>
<context>
    <name>bytespike::GetStarted</name>
    <message>
        <source>Get started</source>
        <translation>はじめに</translation>
    </message>
    <message>
        <source>&amp;Copy the demo key</source>
        <translation>デモキーをコピー(&amp;C)</translation>
    </message>
    <message>
        <source>Open C&amp;hannels</source>
        <translation>チャネルを開く(&amp;H)</translation>
    </message>
    <message>
        <source>Open the &amp;Playground</source>
        <translation>プレイグラウンドを開く(&amp;P)</translation>
    </message>
    <message>
        <source>Hide this list</source>
        <translation>この一覧を隠す</translation>
    </message>
    <message>
        <source>Copy the demo customer key</source>
        <translation>デモ顧客キーをコピー</translation>
    </message>
    <message>
        <source>Open the Channels page</source>
        <translation>チャネルのページを開く</translation>
    </message>
    <message>
        <source>Open the Playground page</source>
        <translation>プレイグラウンドのページを開く</translation>
    </message>
    <message>
        <source>Hide the get-started list</source>
        <translation>「はじめに」の一覧を隠す</translation>
    </message>
    <message>
        <source>Copy the demo key: a customer key with a credit, for a first request from any client.</source>
        <translation>デモキーをコピー: クレジット付きの顧客キーで、どのクライアントからでも最初のリクエストを送れます。</translation>
    </message>
    <message>
        <source>Add a provider: a channel of the Anthropic or OpenAI protocol with its base URL.</source>
        <translation>プロバイダーを追加: Anthropic または OpenAI プロトコルのチャネルとそのベース URL。</translation>
    </message>
    <message>
        <source>Store its key: paste the provider key on the channel to keep it in the keychain.</source>
        <translation>キーを保存: チャネルにプロバイダーのキーを貼り付けてキーチェーンに保存します。</translation>
    </message>
    <message>
        <source>Test it: Test connection on the channel sends it one small request.</source>
        <translation>テスト: チャネルの「接続をテスト」で小さなリクエストを 1 件送ります。</translation>
    </message>
    <message>
        <source>Set prices: what customers pay per million tokens for each model of the channel.</source>
        <translation>価格を設定: チャネルの各モデルについて顧客が 100 万トークンあたりに支払う額。</translation>
    </message>
    <message>
        <source>Send a first request from the Playground and see it billed.</source>
        <translation>プレイグラウンドから最初のリクエストを送り、課金を確認します。</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>完了: %1</translation>
    </message>
    <message>
        <source>To do: %1</source>
        <translation>未完了: %1</translation>
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
        <translation>はい</translation>
    </message>
    <message>
        <source>no</source>
        <translation>いいえ</translation>
    </message>
    <message>
        <source>credit</source>
        <translation>入金</translation>
    </message>
    <message>
        <source>debit</source>
        <translation>引き落とし</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>保留中</translation>
    </message>
    <message>
        <source>posted</source>
        <translation>計上済み</translation>
    </message>
    <message>
        <source>voided</source>
        <translation>取り消し</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>期限切れ</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>準備完了</translation>
    </message>
    <message>
        <source>unavailable</source>
        <translation>利用不可</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>無効</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>閉</translation>
    </message>
    <message>
        <source>open</source>
        <translation>開</translation>
    </message>
    <message>
        <source>half open</source>
        <translation>半開</translation>
    </message>
    <message>
        <source>the model refused</source>
        <translation>モデルが拒否しました</translation>
    </message>
    <message>
        <source>the client disconnected</source>
        <translation>クライアントが切断しました</translation>
    </message>
    <message>
        <source>token counts are not billed</source>
        <translation>トークン数の計算は課金されません</translation>
    </message>
    <message>
        <source>ran past its hold deadline</source>
        <translation>保留の期限を過ぎました</translation>
    </message>
    <message>
        <source>the gateway was shutting down</source>
        <translation>ゲートウェイが終了中でした</translation>
    </message>
    <message>
        <source>not delivered in full</source>
        <translation>完全には配信されませんでした</translation>
    </message>
    <message>
        <source>no hold was taken</source>
        <translation>保留は取られませんでした</translation>
    </message>
    <message>
        <source>the debit failed</source>
        <translation>引き落としに失敗しました</translation>
    </message>
    <message>
        <source>the gateway stopped before it finished</source>
        <translation>完了前にゲートウェイが停止しました</translation>
    </message>
    <message>
        <source>delivered after its lease ended (operator loss)</source>
        <translation>割り当て終了後に配信（運営者の損失）</translation>
    </message>
    <message>
        <source>the provider answered with an error</source>
        <translation>プロバイダーがエラーを返しました</translation>
    </message>
    <message>
        <source>no channel could answer</source>
        <translation>応答できるチャネルがありませんでした</translation>
    </message>
    <message>
        <source>the stream was cut short</source>
        <translation>ストリームが途中で切れました</translation>
    </message>
    <message>
        <source>invalid request</source>
        <translation>無効なリクエスト</translation>
    </message>
    <message>
        <source>authentication failed</source>
        <translation>認証に失敗しました</translation>
    </message>
    <message>
        <source>balance or budget too low</source>
        <translation>残高または予算が不足しています</translation>
    </message>
    <message>
        <source>not allowed for this key</source>
        <translation>このキーでは許可されていません</translation>
    </message>
    <message>
        <source>no channel serves the model</source>
        <translation>このモデルを提供するチャネルがありません</translation>
    </message>
    <message>
        <source>the client was too slow</source>
        <translation>クライアントが遅すぎました</translation>
    </message>
    <message>
        <source>rate limited</source>
        <translation>レート制限</translation>
    </message>
    <message>
        <source>the provider timed out</source>
        <translation>プロバイダーがタイムアウトしました</translation>
    </message>
    <message>
        <source>overloaded</source>
        <translation>過負荷</translation>
    </message>
    <message>
        <source>the provider&apos;s certificate was refused</source>
        <translation>プロバイダーの証明書が拒否されました</translation>
    </message>
    <message>
        <source>TLS failed</source>
        <translation>TLS に失敗しました</translation>
    </message>
    <message>
        <source>the proxy failed</source>
        <translation>プロキシが失敗しました</translation>
    </message>
    <message>
        <source>the provider answered with an error status</source>
        <translation>プロバイダーがエラーステータスを返しました</translation>
    </message>
    <message>
        <source>the provider dropped the connection</source>
        <translation>プロバイダーが接続を切りました</translation>
    </message>
    <message>
        <source>cannot connect to the provider</source>
        <translation>プロバイダーに接続できません</translation>
    </message>
    <message>
        <source>its key cannot be read</source>
        <translation>キーを読み取れません</translation>
    </message>
    <message>
        <source>its proxy credentials cannot be read</source>
        <translation>プロキシの認証情報を読み取れません</translation>
    </message>
</context>
<context>
    <name>bytespike::KeyEditorDialog</name>
    <message>
        <source>New key</source>
        <translation>新しいキー</translation>
    </message>
    <message>
        <source>Key limits</source>
        <translation>キーの制限</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名前(&amp;N):</translation>
    </message>
    <message>
        <source>&amp;Models:</source>
        <translation>モデル(&amp;M):</translation>
    </message>
    <message>
        <source>E&amp;xpiry:</source>
        <translation>有効期限(&amp;X):</translation>
    </message>
    <message>
        <source>&amp;Requests per minute:</source>
        <translation>1 分あたりのリクエスト数(&amp;R):</translation>
    </message>
    <message>
        <source>&amp;Tokens per minute:</source>
        <translation>1 分あたりのトークン数(&amp;T):</translation>
    </message>
    <message>
        <source>Requests at &amp;once:</source>
        <translation>同時リクエスト数(&amp;O):</translation>
    </message>
    <message>
        <source>&amp;Budget:</source>
        <translation>予算(&amp;B):</translation>
    </message>
    <message>
        <source>&amp;IP allow-list:</source>
        <translation>IP 許可リスト(&amp;I):</translation>
    </message>
    <message>
        <source>None checked: the key may call every model.</source>
        <translation>チェックなし：このキーはすべてのモデルを呼び出せます。</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>期限あり</translation>
    </message>
    <message>
        <source>Limit to</source>
        <translation>上限</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>制限なし</translation>
    </message>
    <message>
        <source>dollars, for example 25 or 12.50</source>
        <translation>ドル（例：25、12.50）</translation>
    </message>
    <message>
        <source>Any address. Or one per line: 10.0.0.0/8, 2001:db8::/32, 192.0.2.7</source>
        <translation>すべてのアドレス。または 1 行に 1 つ：10.0.0.0/8、2001:db8::/32、192.0.2.7</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Key name</source>
        <translation>キー名</translation>
    </message>
    <message>
        <source>Models the key may call</source>
        <translation>このキーが呼び出せるモデル</translation>
    </message>
    <message>
        <source>The key expires</source>
        <translation>キーに有効期限がある</translation>
    </message>
    <message>
        <source>Expiry time in UTC</source>
        <translation>有効期限（UTC）</translation>
    </message>
    <message>
        <source>Requests per minute, 0 for no limit</source>
        <translation>1 分あたりのリクエスト数（0 で制限なし）</translation>
    </message>
    <message>
        <source>Tokens per minute, 0 for no limit</source>
        <translation>1 分あたりのトークン数（0 で制限なし）</translation>
    </message>
    <message>
        <source>Requests at once, 0 for no limit</source>
        <translation>同時リクエスト数（0 で制限なし）</translation>
    </message>
    <message>
        <source>The key has a budget</source>
        <translation>キーに予算がある</translation>
    </message>
    <message>
        <source>Budget in dollars</source>
        <translation>予算（ドル）</translation>
    </message>
    <message>
        <source>Budget period</source>
        <translation>予算の期間</translation>
    </message>
    <message>
        <source>Addresses and CIDR blocks the key may be used from, one per line</source>
        <translation>このキーを使用できるアドレスと CIDR ブロック（1 行に 1 つ）</translation>
    </message>
    <message>
        <source>Key editor messages</source>
        <translation>キー編集のメッセージ</translation>
    </message>
    <message>
        <source>per day</source>
        <translation>1 日あたり</translation>
    </message>
    <message>
        <source>per week</source>
        <translation>1 週間あたり</translation>
    </message>
    <message>
        <source>per month</source>
        <translation>1 か月あたり</translation>
    </message>
    <message>
        <source>in total</source>
        <translation>合計</translation>
    </message>
    <message>
        <source>models: %1</source>
        <translation>モデル：%1</translation>
    </message>
    <message>
        <source>expires %1 UTC</source>
        <translation>有効期限 %1 UTC</translation>
    </message>
    <message>
        <source>%1 requests/min</source>
        <translation>%1 リクエスト/分</translation>
    </message>
    <message>
        <source>%1 tokens/min</source>
        <translation>%1 トークン/分</translation>
    </message>
    <message>
        <source>%1 at once</source>
        <translation>同時 %1 件</translation>
    </message>
    <message>
        <source>budget %1 %2</source>
        <translation>予算 %1（%2）</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>接続元 %1</translation>
    </message>
    <message>
        <source>no limits</source>
        <translation>制限なし</translation>
    </message>
    <message>
        <source>Cannot list the models: %1</source>
        <translation>モデルを一覧できません：%1</translation>
    </message>
    <message>
        <source>Line %1 of the IP allow-list is not an address or a CIDR block (10.0.0.0/8, 2001:db8::/32).</source>
        <translation>IP 許可リストの %1 行目はアドレスでも CIDR ブロックでもありません（10.0.0.0/8、2001:db8::/32）。</translation>
    </message>
    <message>
        <source>The IP allow-list holds at most %1 entries.</source>
        <translation>IP 許可リストには最大 %1 件まで登録できます。</translation>
    </message>
    <message>
        <source>Type the budget in dollars, for example 25 or 12.50.</source>
        <translation>予算をドルで入力してください（例：25、12.50）。</translation>
    </message>
    <message>
        <source>console</source>
        <translation>コンソール</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>保存されませんでした：%1</translation>
    </message>
</context>
<context>
    <name>bytespike::LedgerPage</name>
    <message>
        <source>&amp;Customer:</source>
        <translation>顧客(&amp;C):</translation>
    </message>
    <message>
        <source>&amp;Find:</source>
        <translation>検索(&amp;F):</translation>
    </message>
    <message>
        <source>All customers</source>
        <translation>すべての顧客</translation>
    </message>
    <message>
        <source>Endpoint, request id or reason</source>
        <translation>エンドポイント、リクエスト ID、理由</translation>
    </message>
    <message>
        <source>Show the ledger of this customer</source>
        <translation>この顧客の台帳を表示</translation>
    </message>
    <message>
        <source>Filter the ledger by endpoint, request id or reason</source>
        <translation>エンドポイント、リクエスト ID、理由で台帳を絞り込む</translation>
    </message>
    <message>
        <source>Ledger summary</source>
        <translation>台帳の概要</translation>
    </message>
    <message>
        <source>Pending holds</source>
        <translation>保留中のホールド</translation>
    </message>
    <message>
        <source>Recent debits</source>
        <translation>最近の引き落とし</translation>
    </message>
    <message>
        <source>Voided holds</source>
        <translation>取り消されたホールド</translation>
    </message>
    <message>
        <source>Pending holds, live</source>
        <translation>保留中のホールド（ライブ）</translation>
    </message>
    <message>
        <source>Voided and expired holds with their reasons; they never reach a statement</source>
        <translation>取り消し・期限切れのホールドと理由（明細には載りません）</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>顧客</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>エンドポイント</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>リクエスト</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>ホールド</translation>
    </message>
    <message>
        <source>Debit</source>
        <translation>引き落とし</translation>
    </message>
    <message>
        <source>Price version</source>
        <translation>価格バージョン</translation>
    </message>
    <message>
        <source>Posted</source>
        <translation>計上日時</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>取り消し日時</translation>
    </message>
    <message>
        <source>Pending holds: %1, reserving %2</source>
        <translation>保留中のホールド：%1 件、保留額 %2</translation>
    </message>
    <message>
        <source>Nothing here matches the customer and the search.</source>
        <translation>顧客と検索に一致するものはありません。</translation>
    </message>
    <message>
        <source>Show everything</source>
        <translation>すべて表示</translation>
    </message>
    <message>
        <source>No request is running: a hold shows here while its request is in flight.</source>
        <translation>実行中のリクエストはありません。リクエストの処理中はここに保留が表示されます。</translation>
    </message>
    <message>
        <source>Nothing billed yet.</source>
        <translation>まだ何も課金されていません。</translation>
    </message>
    <message>
        <source>Send a request from the Playground</source>
        <translation>プレイグラウンドからリクエストを送信</translation>
    </message>
    <message>
        <source>No failed request. Failures never bill: their voided holds are listed here.</source>
        <translation>失敗したリクエストはありません。失敗は課金されず、取り消された保留がここに表示されます。</translation>
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
        <translation>コンソールのページ</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>言語(&amp;L)：</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>表示言語</translation>
    </message>
    <message>
        <source>Live rates</source>
        <translation>ライブレート</translation>
    </message>
    <message>
        <source>Channels and pricing</source>
        <translation>チャネルと価格</translation>
    </message>
    <message>
        <source>Ledger</source>
        <translation>台帳</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>顧客</translation>
    </message>
    <message>
        <source>Playground</source>
        <translation>プレイグラウンド</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>リクエスト</translation>
    </message>
    <message>
        <source>Show ByteSpike</source>
        <translation>ByteSpike を表示</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>The gateway keeps running in the background.</source>
        <translation>ゲートウェイはバックグラウンドで動作を続けます。</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>起動中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>稼働中</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>停止中</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>ByteSpike gateway: %1</source>
        <translation>ByteSpike ゲートウェイ：%1</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>オペレーター</translation>
    </message>
    <message>
        <source>The admin token was not kept in the keychain: %1</source>
        <translation>管理トークンをキーチェーンに保存できませんでした: %1</translation>
    </message>
    <message>
        <source>embedded</source>
        <translation>組み込み</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>ページ</translation>
    </message>
</context>
<context>
    <name>bytespike::OperatorsPage</name>
    <message>
        <source>Viewer</source>
        <translation>閲覧者</translation>
    </message>
    <message>
        <source>Pricing</source>
        <translation>価格設定</translation>
    </message>
    <message>
        <source>Billing</source>
        <translation>請求</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>管理者</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>ロール</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>作成日時</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>失効日時</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名前(&amp;N):</translation>
    </message>
    <message>
        <source>R&amp;ole:</source>
        <translation>ロール(&amp;O):</translation>
    </message>
    <message>
        <source>&amp;Token:</source>
        <translation>トークン(&amp;T):</translation>
    </message>
    <message>
        <source>Viewer reads; Pricing also changes channels, prices and secrets; Billing also changes customers, keys and credits; Admin does everything, operators included.</source>
        <translation>閲覧者は読み取りのみ。価格設定はさらにチャネル、価格、シークレットを変更でき、請求はさらに顧客、キー、クレジットを変更できます。管理者はオペレーターの管理を含むすべてを行えます。</translation>
    </message>
    <message>
        <source>New operator&apos;s name</source>
        <translation>新しいオペレーターの名前</translation>
    </message>
    <message>
        <source>A new operator&apos;s token is shown here once</source>
        <translation>新しいオペレーターのトークンはここに一度だけ表示されます</translation>
    </message>
    <message>
        <source>&amp;Create operator</source>
        <translation>オペレーターを作成(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Revoke operator</source>
        <translation>オペレーターを失効(&amp;R)</translation>
    </message>
    <message>
        <source>Re&amp;load</source>
        <translation>再読み込み(&amp;L)</translation>
    </message>
    <message>
        <source>C&amp;opy</source>
        <translation>コピー(&amp;O)</translation>
    </message>
    <message>
        <source>Operators</source>
        <translation>オペレーター</translation>
    </message>
    <message>
        <source>Name of a new operator</source>
        <translation>新しいオペレーターの名前</translation>
    </message>
    <message>
        <source>Role of a new operator</source>
        <translation>新しいオペレーターのロール</translation>
    </message>
    <message>
        <source>Create the operator</source>
        <translation>オペレーターを作成</translation>
    </message>
    <message>
        <source>Revoke the selected operator</source>
        <translation>選択したオペレーターを失効</translation>
    </message>
    <message>
        <source>Reload the operators</source>
        <translation>オペレーターを再読み込み</translation>
    </message>
    <message>
        <source>The new operator&apos;s token, shown once</source>
        <translation>新しいオペレーターのトークン（一度だけ表示）</translation>
    </message>
    <message>
        <source>Copy the new operator&apos;s token</source>
        <translation>新しいオペレーターのトークンをコピー</translation>
    </message>
    <message>
        <source>Token warning</source>
        <translation>トークンに関する注意</translation>
    </message>
    <message>
        <source>Operator messages</source>
        <translation>オペレーターに関するメッセージ</translation>
    </message>
    <message>
        <source>Copy this token now: it will not be shown again.</source>
        <translation>このトークンを今すぐコピーしてください。再表示はされません。</translation>
    </message>
    <message>
        <source>Only an admin can manage operators.</source>
        <translation>オペレーターを管理できるのは管理者だけです。</translation>
    </message>
    <message>
        <source>Cannot load the operators: %1</source>
        <translation>オペレーターを読み込めません：%1</translation>
    </message>
    <message>
        <source>An operator needs a name.</source>
        <translation>オペレーターには名前が必要です。</translation>
    </message>
    <message>
        <source>Not created: %1</source>
        <translation>作成されませんでした：%1</translation>
    </message>
    <message>
        <source>Operator %1 created.</source>
        <translation>オペレーター %1 を作成しました。</translation>
    </message>
    <message>
        <source>Choose an operator to revoke.</source>
        <translation>失効させるオペレーターを選んでください。</translation>
    </message>
    <message>
        <source>Revoke operator</source>
        <translation>オペレーターの失効</translation>
    </message>
    <message>
        <source>Revoke %1? Calls with the operator&apos;s token are refused from then on.</source>
        <translation>%1 を失効させますか？以後、このオペレーターのトークンによる呼び出しは拒否されます。</translation>
    </message>
    <message>
        <source>&amp;Revoke</source>
        <translation>失効(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Keep</source>
        <translation>残す(&amp;K)</translation>
    </message>
    <message>
        <source>Not revoked: %1</source>
        <translation>失効されませんでした：%1</translation>
    </message>
    <message>
        <source>%1 revoked; calls with that token are refused from now on.</source>
        <translation>%1 を失効させました。以後、そのトークンによる呼び出しは拒否されます。</translation>
    </message>
</context>
<context>
    <name>bytespike::OverviewPage</name>
    <message>
        <source>State:</source>
        <translation>状態：</translation>
    </message>
    <message>
        <source>Public API:</source>
        <translation>公開 API：</translation>
    </message>
    <message>
        <source>Admin API:</source>
        <translation>管理 API：</translation>
    </message>
    <message>
        <source>Data directory:</source>
        <translation>データディレクトリ：</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>バージョン：</translation>
    </message>
    <message>
        <source>Last error:</source>
        <translation>直近のエラー：</translation>
    </message>
    <message>
        <source>Gateway state</source>
        <translation>ゲートウェイの状態</translation>
    </message>
    <message>
        <source>Public API address</source>
        <translation>公開 API のアドレス</translation>
    </message>
    <message>
        <source>Admin API address</source>
        <translation>管理 API のアドレス</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>直近のエラー</translation>
    </message>
    <message>
        <source>Data directory</source>
        <translation>データディレクトリ</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>バージョン</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>起動(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Restart</source>
        <translation>再起動(&amp;R)</translation>
    </message>
    <message>
        <source>Start the gateway</source>
        <translation>ゲートウェイを起動</translation>
    </message>
    <message>
        <source>Stop the gateway</source>
        <translation>ゲートウェイを停止</translation>
    </message>
    <message>
        <source>Restart the gateway</source>
        <translation>ゲートウェイを再起動</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>停止済み</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>起動しています</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation>停止しています</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>Uptime:</source>
        <translation>稼働時間：</translation>
    </message>
    <message>
        <source>Gateway uptime</source>
        <translation>ゲートウェイの稼働時間</translation>
    </message>
    <message>
        <source>Pending holds</source>
        <translation>未確定の保留</translation>
    </message>
    <message>
        <source>C&amp;onnect to a gateway...</source>
        <translation>ゲートウェイに接続(&amp;O)...</translation>
    </message>
    <message>
        <source>Connect to a gateway that runs elsewhere</source>
        <translation>別の場所で動いているゲートウェイに接続</translation>
    </message>
    <message>
        <source>that of the gateway at %1</source>
        <translation>%1 のゲートウェイのもの</translation>
    </message>
    <message>
        <source>S&amp;pend in:</source>
        <translation>支出の期間(&amp;P):</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>The last 7 days</source>
        <translation>過去 7 日間</translation>
    </message>
    <message>
        <source>The last 30 days</source>
        <translation>過去 30 日間</translation>
    </message>
    <message>
        <source>Period of the spend tables</source>
        <translation>支出表の期間</translation>
    </message>
    <message>
        <source>Spend by model</source>
        <translation>モデル別の支出</translation>
    </message>
    <message>
        <source>Spend by customer</source>
        <translation>顧客別の支出</translation>
    </message>
    <message>
        <source>Channel health</source>
        <translation>チャネルの状態</translation>
    </message>
    <message>
        <source>Latest requests not billed</source>
        <translation>課金されなかった最近のリクエスト</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>リクエスト</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>支出</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>顧客</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>チャネル</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Breaker</source>
        <translation>ブレーカー</translation>
    </message>
    <message>
        <source>Last failure</source>
        <translation>最後の失敗</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>ステータス</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>%1 billed requests, %2</source>
        <translation>課金済みリクエスト %1 件、%2</translation>
    </message>
    <message>
        <source>No demo key in this data directory: create a customer key on the Customers page.</source>
        <translation>このデータディレクトリにデモキーはありません。顧客のページで顧客キーを作成してください。</translation>
    </message>
    <message>
        <source>Requests (last hour)</source>
        <translation>リクエスト（直近 1 時間）</translation>
    </message>
    <message>
        <source>Spend (last hour)</source>
        <translation>支出（直近 1 時間）</translation>
    </message>
    <message>
        <source>Errors (last hour)</source>
        <translation>エラー（直近 1 時間）</translation>
    </message>
    <message>
        <source>p95 latency (last minute)</source>
        <translation>p95 レイテンシ（直近 1 分）</translation>
    </message>
    <message>
        <source>Open streams</source>
        <translation>開いているストリーム</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ミリ秒</translation>
    </message>
    <message>
        <source>no requests</source>
        <translation>リクエストなし</translation>
    </message>
    <message>
        <source>Nothing billed in this period.</source>
        <translation>この期間の課金はありません。</translation>
    </message>
    <message>
        <source>Send a request from the Playground</source>
        <translation>プレイグラウンドからリクエストを送信</translation>
    </message>
    <message>
        <source>No channels yet.</source>
        <translation>まだチャネルがありません。</translation>
    </message>
    <message>
        <source>Add a channel</source>
        <translation>チャネルを追加</translation>
    </message>
    <message>
        <source>Every recent request was billed.</source>
        <translation>最近のリクエストはすべて課金されました。</translation>
    </message>
</context>
<context>
    <name>bytespike::PlaygroundPage</name>
    <message>
        <source>Copied. The key is left out: set BYTESPIKE_KEY before running it.</source>
        <translation>コピーしました。キーは含まれていません。実行前に BYTESPIKE_KEY を設定してください。</translation>
    </message>
    <message>
        <source>P&amp;rotocol:</source>
        <translation>プロトコル(&amp;R):</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>キー(&amp;K):</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>モデル(&amp;M):</translation>
    </message>
    <message>
        <source>S&amp;ystem prompt:</source>
        <translation>システムプロンプト(&amp;Y):</translation>
    </message>
    <message>
        <source>M&amp;essage:</source>
        <translation>メッセージ(&amp;E):</translation>
    </message>
    <message>
        <source>Max &amp;tokens:</source>
        <translation>最大トークン(&amp;T):</translation>
    </message>
    <message>
        <source>Stream:</source>
        <translation>ストリーム:</translation>
    </message>
    <message>
        <source>T&amp;ools (JSON):</source>
        <translation>ツール (JSON)(&amp;O):</translation>
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
        <translation>回答をストリーム(&amp;S)</translation>
    </message>
    <message>
        <source>A user message, or a JSON array of messages</source>
        <translation>ユーザーメッセージ、またはメッセージの JSON 配列</translation>
    </message>
    <message>
        <source>Optional: a JSON array of tools</source>
        <translation>省略可：ツールの JSON 配列</translation>
    </message>
    <message>
        <source>A customer key (the demo key by default)</source>
        <translation>顧客キー（既定はデモキー）</translation>
    </message>
    <message>
        <source>Se&amp;nd</source>
        <translation>送信(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>キャンセル(&amp;C)</translation>
    </message>
    <message>
        <source>Copy as c&amp;url</source>
        <translation>curl としてコピー(&amp;U)</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>リクエスト</translation>
    </message>
    <message>
        <source>Response headers</source>
        <translation>レスポンスヘッダー</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>イベント</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>プロトコル</translation>
    </message>
    <message>
        <source>Customer key</source>
        <translation>顧客キー</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>システムプロンプト</translation>
    </message>
    <message>
        <source>Message or messages</source>
        <translation>メッセージ</translation>
    </message>
    <message>
        <source>Maximum output tokens</source>
        <translation>最大出力トークン数</translation>
    </message>
    <message>
        <source>Stream the answer</source>
        <translation>回答をストリーム</translation>
    </message>
    <message>
        <source>Tools as JSON</source>
        <translation>ツール (JSON)</translation>
    </message>
    <message>
        <source>Send the request</source>
        <translation>リクエストを送信</translation>
    </message>
    <message>
        <source>Cancel the request</source>
        <translation>リクエストをキャンセル</translation>
    </message>
    <message>
        <source>Copy the request as a curl command</source>
        <translation>リクエストを curl コマンドとしてコピー</translation>
    </message>
    <message>
        <source>Problems with the request</source>
        <translation>リクエストの問題</translation>
    </message>
    <message>
        <source>The raw request</source>
        <translation>生のリクエスト</translation>
    </message>
    <message>
        <source>The response headers</source>
        <translation>レスポンスヘッダー</translation>
    </message>
    <message>
        <source>Server-sent events as they arrive</source>
        <translation>到着したサーバー送信イベント</translation>
    </message>
    <message>
        <source>The answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>Status, usage, hold and billing</source>
        <translation>状態、使用量、ホールド、課金</translation>
    </message>
    <message>
        <source>The messages are not a JSON array.</source>
        <translation>メッセージが JSON 配列ではありません。</translation>
    </message>
    <message>
        <source>Write a message.</source>
        <translation>メッセージを入力してください。</translation>
    </message>
    <message>
        <source>Choose a model.</source>
        <translation>モデルを選んでください。</translation>
    </message>
    <message>
        <source>The tools are not a JSON array.</source>
        <translation>ツールが JSON 配列ではありません。</translation>
    </message>
    <message>
        <source>A customer key is needed.</source>
        <translation>顧客キーが必要です。</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>送信中…</translation>
    </message>
    <message>
        <source>(not a stream: the whole body arrived at once)</source>
        <translation>（ストリームではありません：本文全体が一度に届きました）</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>キャンセル済み</translation>
    </message>
    <message>
        <source>%1 · %2 input and %3 output tokens · hold %4</source>
        <translation>%1 · 入力 %2・出力 %3 トークン · ホールド %4</translation>
    </message>
    <message>
        <source>%1 · debited %2 (request %3)</source>
        <translation>%1 · 引き落とし %2（リクエスト %3）</translation>
    </message>
    <message>
        <source>%1 · not billed, the hold was voided: %2 (request %3)</source>
        <translation>%1 · 課金なし、ホールドは取り消されました：%2（リクエスト %3）</translation>
    </message>
</context>
<context>
    <name>bytespike::RatesPage</name>
    <message>
        <source>Requests per second</source>
        <translation>毎秒リクエスト数</translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation>毎秒トークン数</translation>
    </message>
    <message>
        <source>Spend per second</source>
        <translation>毎秒の支出</translation>
    </message>
    <message>
        <source>p95 latency (ms)</source>
        <translation>p95 レイテンシ (ms)</translation>
    </message>
    <message>
        <source>Error rate (%)</source>
        <translation>エラー率 (%)</translation>
    </message>
    <message>
        <source>Last minute</source>
        <translation>直近 1 分</translation>
    </message>
    <message>
        <source>Last 5 minutes</source>
        <translation>直近 5 分</translation>
    </message>
    <message>
        <source>Last 15 minutes</source>
        <translation>直近 15 分</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>直近 1 時間</translation>
    </message>
    <message>
        <source>&amp;Measure:</source>
        <translation>指標(&amp;M):</translation>
    </message>
    <message>
        <source>S&amp;pan:</source>
        <translation>期間(&amp;P):</translation>
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation>再開(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>一時停止(&amp;P)</translation>
    </message>
    <message>
        <source>Measure shown in the chart</source>
        <translation>グラフに表示する指標</translation>
    </message>
    <message>
        <source>Time span shown in the chart</source>
        <translation>グラフに表示する期間</translation>
    </message>
    <message>
        <source>Resume the live chart</source>
        <translation>ライブグラフを再開</translation>
    </message>
    <message>
        <source>Pause the live chart</source>
        <translation>ライブグラフを一時停止</translation>
    </message>
    <message>
        <source>Live rate chart, one line per endpoint</source>
        <translation>ライブレートのグラフ（エンドポイントごとに 1 本の線）</translation>
    </message>
    <message>
        <source>Endpoints with their current rates and prices</source>
        <translation>エンドポイントと現在のレートおよび価格</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>一時停止中</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>エンドポイント</translation>
    </message>
    <message>
        <source>Requests/s</source>
        <translation>リクエスト/秒</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>トークン/秒</translation>
    </message>
    <message>
        <source>Spend/s</source>
        <translation>支出/秒</translation>
    </message>
    <message>
        <source>p95 ms</source>
        <translation>p95 ms</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>Streams</source>
        <translation>ストリーム</translation>
    </message>
    <message>
        <source>Input $/MTok</source>
        <translation>入力 $/MTok</translation>
    </message>
    <message>
        <source>Output $/MTok</source>
        <translation>出力 $/MTok</translation>
    </message>
    <message>
        <source>Price version</source>
        <translation>価格バージョン</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Before routing</source>
        <translation>ルーティング前</translation>
    </message>
    <message>
        <source>Before routing (authentication, validation, no route)</source>
        <translation>ルーティング前（認証、検証、ルートなし）</translation>
    </message>
    <message>
        <source>%1, one line per endpoint</source>
        <translation>%1（エンドポイントごとに 1 本の線）</translation>
    </message>
    <message>
        <source>&amp;All measures</source>
        <translation>すべての指標(&amp;A)</translation>
    </message>
    <message>
        <source>Show the five measures as small charts at once</source>
        <translation>5 つの指標を小さなグラフで同時に表示</translation>
    </message>
    <message>
        <source>Customers with their current rates</source>
        <translation>顧客と現在のレート</translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation>エンドポイント</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>顧客</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>顧客</translation>
    </message>
    <message>
        <source>Pending holds</source>
        <translation>未確定の保留</translation>
    </message>
    <message>
        <source>Requests per minute</source>
        <translation>毎分リクエスト数</translation>
    </message>
    <message>
        <source>Requests per hour</source>
        <translation>毎時リクエスト数</translation>
    </message>
    <message>
        <source>Tokens per minute</source>
        <translation>毎分トークン数</translation>
    </message>
    <message>
        <source>Tokens per hour</source>
        <translation>毎時トークン数</translation>
    </message>
    <message>
        <source>Spend per minute</source>
        <translation>毎分の支出</translation>
    </message>
    <message>
        <source>Spend per hour</source>
        <translation>毎時の支出</translation>
    </message>
    <message>
        <source>per second</source>
        <translation>毎秒</translation>
    </message>
    <message>
        <source>per minute</source>
        <translation>毎分</translation>
    </message>
    <message>
        <source>per hour</source>
        <translation>毎時</translation>
    </message>
    <message>
        <source>&amp;Rates:</source>
        <translation>レート(&amp;R):</translation>
    </message>
    <message>
        <source>Show the rates per second, minute or hour</source>
        <translation>レートを毎秒・毎分・毎時で表示</translation>
    </message>
    <message>
        <source>Requests/min</source>
        <translation>リクエスト/分</translation>
    </message>
    <message>
        <source>Tokens/min</source>
        <translation>トークン/分</translation>
    </message>
    <message>
        <source>Spend/min</source>
        <translation>支出/分</translation>
    </message>
    <message>
        <source>Requests/h</source>
        <translation>リクエスト/時</translation>
    </message>
    <message>
        <source>Tokens/h</source>
        <translation>トークン/時</translation>
    </message>
    <message>
        <source>Spend/h</source>
        <translation>支出/時</translation>
    </message>
</context>
<context>
    <name>bytespike::RequestsPage</name>
    <message>
        <source>&amp;Customer:</source>
        <translation>顧客(&amp;C):</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>モデル(&amp;M):</translation>
    </message>
    <message>
        <source>C&amp;hannel:</source>
        <translation>チャネル(&amp;H):</translation>
    </message>
    <message>
        <source>&amp;Status:</source>
        <translation>状態(&amp;S):</translation>
    </message>
    <message>
        <source>&amp;Billed:</source>
        <translation>課金(&amp;B):</translation>
    </message>
    <message>
        <source>&amp;Limit:</source>
        <translation>件数(&amp;L):</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>更新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Newer</source>
        <translation>新しい順(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Older</source>
        <translation>古い順(&amp;O)</translation>
    </message>
    <message>
        <source>All customers</source>
        <translation>すべての顧客</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>すべて</translation>
    </message>
    <message>
        <source>Billed</source>
        <translation>課金済み</translation>
    </message>
    <message>
        <source>Not billed</source>
        <translation>未課金</translation>
    </message>
    <message>
        <source>Any model</source>
        <translation>すべてのモデル</translation>
    </message>
    <message>
        <source>Channel or endpoint</source>
        <translation>チャネルまたはエンドポイント</translation>
    </message>
    <message>
        <source>Select a request to see its hold and its ledger entry.</source>
        <translation>リクエストを選ぶと、そのホールドと台帳の記録が表示されます。</translation>
    </message>
    <message>
        <source>Show the requests of this customer</source>
        <translation>この顧客のリクエストを表示</translation>
    </message>
    <message>
        <source>Show only requests for this model</source>
        <translation>このモデルのリクエストのみ表示</translation>
    </message>
    <message>
        <source>Show only requests served by this channel or endpoint</source>
        <translation>このチャネルまたはエンドポイントのリクエストのみ表示</translation>
    </message>
    <message>
        <source>Show only requests answered with this HTTP status</source>
        <translation>この HTTP ステータスのリクエストのみ表示</translation>
    </message>
    <message>
        <source>Show billed requests, requests not billed, or both</source>
        <translation>課金済み・未課金・両方のリクエストを表示</translation>
    </message>
    <message>
        <source>How many requests to show at once</source>
        <translation>一度に表示するリクエスト数</translation>
    </message>
    <message>
        <source>Refresh the request log</source>
        <translation>リクエストログを更新</translation>
    </message>
    <message>
        <source>Show newer requests</source>
        <translation>新しいリクエストを表示</translation>
    </message>
    <message>
        <source>Show older requests</source>
        <translation>古いリクエストを表示</translation>
    </message>
    <message>
        <source>Requests, newest first; select one to see its hold and ledger entry</source>
        <translation>リクエスト（新しい順）。選ぶとホールドと台帳の記録を表示</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>顧客</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>プロトコル</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>エンドポイント</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Not billed because</source>
        <translation>未課金の理由</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>ホールド</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>費用</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>レイテンシ</translation>
    </message>
    <message>
        <source>First byte</source>
        <translation>最初のバイト</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>リクエスト</translation>
    </message>
    <message>
        <source>Ledger entry</source>
        <translation>台帳の記録</translation>
    </message>
    <message>
        <source>Id:</source>
        <translation>ID:</translation>
    </message>
    <message>
        <source>Time:</source>
        <translation>時刻:</translation>
    </message>
    <message>
        <source>Customer:</source>
        <translation>顧客:</translation>
    </message>
    <message>
        <source>Endpoint:</source>
        <translation>エンドポイント:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状態:</translation>
    </message>
    <message>
        <source>Usage:</source>
        <translation>使用量:</translation>
    </message>
    <message>
        <source>Cost:</source>
        <translation>費用:</translation>
    </message>
    <message>
        <source>Not billed because:</source>
        <translation>未課金の理由:</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>状態:</translation>
    </message>
    <message>
        <source>Amount:</source>
        <translation>金額:</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>理由:</translation>
    </message>
    <message>
        <source>Debit:</source>
        <translation>引き落とし:</translation>
    </message>
    <message>
        <source>Resolved:</source>
        <translation>解決日時:</translation>
    </message>
    <message>
        <source>Price version:</source>
        <translation>価格バージョン:</translation>
    </message>
    <message>
        <source>Memo:</source>
        <translation>メモ:</translation>
    </message>
    <message>
        <source>%1 in, %2 out, %3 cache write, %4 cache read</source>
        <translation>入力 %1、出力 %2、キャッシュ書込 %3、キャッシュ読込 %4</translation>
    </message>
    <message>
        <source>No hold was taken.</source>
        <translation>ホールドは取られていません。</translation>
    </message>
    <message>
        <source>Not billed: %1</source>
        <translation>未課金：%1</translation>
    </message>
    <message>
        <source>No ledger entry found.</source>
        <translation>台帳の記録が見つかりません。</translation>
    </message>
    <message>
        <source>Request &amp;id:</source>
        <translation>リクエスト ID(&amp;I):</translation>
    </message>
    <message>
        <source>req_… (Ctrl+F)</source>
        <translation>req_…（Ctrl+F）</translation>
    </message>
    <message>
        <source>Find one request by its request id</source>
        <translation>リクエスト ID でリクエストを検索</translation>
    </message>
    <message>
        <source>No request matches these filters.</source>
        <translation>このフィルターに一致するリクエストはありません。</translation>
    </message>
    <message>
        <source>Clear the filters</source>
        <translation>フィルターをクリア</translation>
    </message>
    <message>
        <source>No requests yet. They appear here as clients send them, billed or not.</source>
        <translation>まだリクエストはありません。クライアントが送信すると、課金の有無にかかわらずここに表示されます。</translation>
    </message>
    <message>
        <source>Send one from the Playground</source>
        <translation>プレイグラウンドから送信</translation>
    </message>
</context>
<context>
    <name>bytespike::SettingsPage</name>
    <message>
        <source>&amp;Public API address:</source>
        <translation>公開 API のアドレス(&amp;P):</translation>
    </message>
    <message>
        <source>&amp;Admin API address:</source>
        <translation>管理 API のアドレス(&amp;A):</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>言語(&amp;L):</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>テーマ(&amp;T):</translation>
    </message>
    <message>
        <source>Log le&amp;vel:</source>
        <translation>ログレベル(&amp;V):</translation>
    </message>
    <message>
        <source>&amp;Keep the request log:</source>
        <translation>リクエストログの保存期間(&amp;K):</translation>
    </message>
    <message>
        <source>When the window closes:</source>
        <translation>ウィンドウを閉じたとき:</translation>
    </message>
    <message>
        <source>Empty: the public address serves the admin API too</source>
        <translation>空欄：公開アドレスが管理 API も提供します</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>ライト</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>ダーク</translation>
    </message>
    <message>
        <source>As the system</source>
        <translation>システムに合わせる</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 日</translation>
    </message>
    <message>
        <source>A&amp;pply</source>
        <translation>適用(&amp;P)</translation>
    </message>
    <message>
        <source>Public API address, host and port</source>
        <translation>公開 API のアドレス（ホストとポート）</translation>
    </message>
    <message>
        <source>Admin API address, host and port</source>
        <translation>管理 API のアドレス（ホストとポート）</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>表示言語</translation>
    </message>
    <message>
        <source>Colour theme</source>
        <translation>カラーテーマ</translation>
    </message>
    <message>
        <source>Log level</source>
        <translation>ログレベル</translation>
    </message>
    <message>
        <source>Days the request log is kept</source>
        <translation>リクエストログを保存する日数</translation>
    </message>
    <message>
        <source>Keep the gateway running when the window closes</source>
        <translation>ウィンドウを閉じてもゲートウェイを動かし続ける</translation>
    </message>
    <message>
        <source>Apply the settings</source>
        <translation>設定を適用</translation>
    </message>
    <message>
        <source>Settings messages</source>
        <translation>設定のメッセージ</translation>
    </message>
    <message>
        <source>Saved. The gateway restarts with the new addresses and log settings.</source>
        <translation>保存しました。ゲートウェイは新しいアドレスとログ設定で再起動します。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>保存しました。</translation>
    </message>
    <message>
        <source>Keep the gateway &amp;running in the background</source>
        <translation>ゲートウェイをバックグラウンドで動かし続ける(&amp;R)</translation>
    </message>
    <message>
        <source>Saved. The addresses and log settings are the console&apos;s own gateway&apos;s; the gateway it is attached to keeps its own.</source>
        <translation>保存しました。アドレスとログの設定はコンソール自身のゲートウェイのものです。接続先のゲートウェイは自分の設定を使い続けます。</translation>
    </message>
</context>
<context>
    <name>bytespike::UsageBarDelegate</name>
    <message>
        <source>%1 of %2</source>
        <translation>%2 中 %1</translation>
    </message>
</context>
</TS>
