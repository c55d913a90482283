<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja">
<context>
    <name>GatewayOptions</name>
    <message>
        <source>Where bytespike.db and logs live.</source>
        <translation>bytespike.db とログを置く場所。</translation>
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
        <source>Requests (last hour):</source>
        <translation>リクエスト（直近1時間）：</translation>
    </message>
    <message>
        <source>Spend (last hour):</source>
        <translation>利用額（直近1時間）：</translation>
    </message>
    <message>
        <source>Errors (last hour):</source>
        <translation>エラー（直近1時間）：</translation>
    </message>
    <message>
        <source>Pending holds:</source>
        <translation>未確定の保留：</translation>
    </message>
    <message>
        <source>Gateway uptime</source>
        <translation>ゲートウェイの稼働時間</translation>
    </message>
    <message>
        <source>Requests in the last hour</source>
        <translation>直近1時間のリクエスト</translation>
    </message>
    <message>
        <source>Spend in the last hour</source>
        <translation>直近1時間の利用額</translation>
    </message>
    <message>
        <source>Errors in the last hour</source>
        <translation>直近1時間のエラー</translation>
    </message>
    <message>
        <source>Pending holds</source>
        <translation>未確定の保留</translation>
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
</context>
</TS>
