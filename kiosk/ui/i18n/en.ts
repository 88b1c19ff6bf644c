<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="ja">
<context>
    <name>AttractScreen</name>
    <message>
        <source>証明写真・マイナンバーカード申請</source>
        <translation>ID photos and My Number Card (マイナンバーカード) applications</translation>
    </message>
    <message>
        <source>画面にタッチしてはじめてください</source>
        <translation>Touch the screen to start</translation>
    </message>
    <message>
        <source>マイナンバーカード（個人番号カード）の申請ができます</source>
        <translation>Apply here for your My Number Card (マイナンバーカード / 個人番号カード)</translation>
    </message>
    <message>
        <source>はじめる</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>写真代 {fee}円</source>
        <translation>Photo {fee} yen</translation>
    </message>
    <message>
        <source>文字を大きく</source>
        <translation>Larger text</translation>
    </message>
    <message>
        <source>白黒はっきり</source>
        <translation>High contrast</translation>
    </message>
    <message>
        <source>ゆっくり操作</source>
        <translation>More time</translation>
    </message>
    <message>
        <source>低い位置で操作</source>
        <translation>Lower controls</translation>
    </message>
    <message>
        <source>必要なもの</source>
        <translation>What you need</translation>
    </message>
    <message>
        <source>有効期限通知書または交付申請書（QRコード付き）</source>
        <translation>The expiry notice or the application form with a QR code</translation>
    </message>
    <message>
        <source>写真はここで撮影</source>
        <translation>Your photo is taken here</translation>
    </message>
    <message>
        <source>撮った写真を確かめてから申請します。</source>
        <translation>You check the photo before it is sent.</translation>
    </message>
    <message>
        <source>カードの申請は無料</source>
        <translation>The card itself is free</translation>
    </message>
    <message>
        <source>お支払いは写真代だけです。</source>
        <translation>You pay only for the photo.</translation>
    </message>
</context>
<context>
    <name>CameraScreen</name>
    <message>
        <source>撮影</source>
        <translation>Photo</translation>
    </message>
    <message>
        <source>撮影する</source>
        <translation>Take photo</translation>
    </message>
    <message>
        <source>画面は鏡のように左右反対に映ります。撮影は3秒後です。</source>
        <translation>The screen shows you like a mirror. The photo is taken 3 seconds after you press the button.</translation>
    </message>
</context>
<context>
    <name>CancelScreen</name>
    <message>
        <source>中止しました</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <source>終わる</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>申請を受け付けられませんでした</source>
        <translation>Your application could not be accepted</translation>
    </message>
    <message>
        <source>時間が過ぎたため中止しました</source>
        <translation>Stopped because time ran out</translation>
    </message>
    <message>
        <source>申請を中止しました</source>
        <translation>Your application was cancelled</translation>
    </message>
    <message>
        <source>入れたお金：{n}円</source>
        <translation>Money put in: {n} yen</translation>
    </message>
    <message>
        <source>お釣りとして返したお金（お支払いのとき）：{n}円</source>
        <translation>Change given back when you paid: {n} yen</translation>
    </message>
    <message>
        <source>いま返したお金：{n}円（返却口からお取りください）</source>
        <translation>Paid back now: {n} yen (take it from the coin return)</translation>
    </message>
    <message>
        <source>お金の一部 {n}円を返せませんでした。係員にこの番号をお伝えください：{code}</source>
        <translation>We could not return {n} yen of your money. Please show this number to staff: {code}</translation>
    </message>
    <message>
        <source>合計 {n}円をすべて返しました。</source>
        <translation>All {n} yen has been paid back.</translation>
    </message>
    <message>
        <source>お金を返しています…</source>
        <translation>Returning your money…</translation>
    </message>
    <message>
        <source>お金は入っていません。</source>
        <translation>No money was inserted.</translation>
    </message>
    <message>
        <source>お返ししたお金</source>
        <translation>Money returned</translation>
    </message>
    <message>
        <source>{n}円</source>
        <translation>{n} yen</translation>
    </message>
    <message>
        <source>お忘れ物はありませんか？通知書とお金をお取りください。</source>
        <translation>Have you got everything? Take your notice and your money.</translation>
    </message>
</context>
<context>
    <name>Checks</name>
    <message>
        <source>顔が横や上下を向いているか、傾いています。正面を向いてください。</source>
        <translation>Your face is turned or tilted. Please look straight ahead.</translation>
    </message>
    <message>
        <source>顔が写っていないか、二人以上写っています。</source>
        <translation>No face, or more than one face, is in the photo.</translation>
    </message>
    <message>
        <source>帽子などで頭が隠れています。</source>
        <translation>Your head is covered, for example by a hat.</translation>
    </message>
    <message>
        <source>サングラスや色の濃い眼鏡で目が見えません。</source>
        <translation>Your eyes cannot be seen (sunglasses or dark glasses).</translation>
    </message>
    <message>
        <source>目が閉じています。</source>
        <translation>Your eyes are closed.</translation>
    </message>
    <message>
        <source>背景に物や模様が写っています。</source>
        <translation>There are objects or patterns in the background.</translation>
    </message>
    <message>
        <source>背景に影があります。</source>
        <translation>There is a shadow in the background.</translation>
    </message>
    <message>
        <source>写真がぼやけています。動かないでください。</source>
        <translation>The photo is blurred. Please keep still.</translation>
    </message>
    <message>
        <source>明るすぎるか暗すぎます。</source>
        <translation>The photo is too bright or too dark.</translation>
    </message>
    <message>
        <source>顔の大きさが規格に合いません。前後の位置を直してください。</source>
        <translation>Your face is not the right size. Move a little closer or further back.</translation>
    </message>
    <message>
        <source>顔が中央にありません。</source>
        <translation>Your face is not in the centre.</translation>
    </message>
    <message>
        <source>口が開いています（歯が見えています）。口を閉じてください。</source>
        <translation>Your mouth is open (teeth show). Please close your mouth.</translation>
    </message>
    <message>
        <source>頭の上の余白が規格に合いません。いすの高さを直してください。</source>
        <translation>The space above your head is not as required. Please adjust the seat height.</translation>
    </message>
    <message>
        <source>あごの下の余白が規格に合いません。いすの高さを直してください。</source>
        <translation>The space below your chin is not as required. Please adjust the seat height.</translation>
    </message>
</context>
<context>
    <name>ConfirmScreen</name>
    <message>
        <source>内容を確認して送信してください</source>
        <translation>Check your details, then send</translation>
    </message>
    <message>
        <source>申請書ID</source>
        <translation>Application ID (申請書ID)</translation>
    </message>
    <message>
        <source>生年月日</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>署名用電子証明書</source>
        <translation>Signature certificate</translation>
    </message>
    <message>
        <source>利用者証明用電子証明書</source>
        <translation>User certificate</translation>
    </message>
    <message>
        <source>点字表記</source>
        <translation>Name in braille</translation>
    </message>
    <message>
        <source>入力をなおす</source>
        <translation>Change details</translation>
    </message>
    <message>
        <source>写真を撮り直す</source>
        <translation>Retake photo</translation>
    </message>
    <message>
        <source>送信</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>希望する</source>
        <translation>Yes, please</translation>
    </message>
    <message>
        <source>希望しない</source>
        <translation>No, thanks</translation>
    </message>
    <message>
        <source>{era}元年</source>
        <translation>{era} 1</translation>
    </message>
    <message>
        <source>{era}{n}年</source>
        <translation>{era} {n}</translation>
    </message>
    <message>
        <source>{y}年{m}月{d}日（{era}）</source>
        <translation>{y}/{m}/{d} ({era})</translation>
    </message>
</context>
<context>
    <name>DetailsScreen</name>
    <message>
        <source>生まれた年を入力してください。</source>
        <translation>Please enter the year you were born.</translation>
    </message>
    <message>
        <source>この年はありません。年号と年を確かめてください。</source>
        <translation>This year does not exist. Please check the era and the year.</translation>
    </message>
    <message>
        <source>生まれた月を選んでください。</source>
        <translation>Please choose the month you were born.</translation>
    </message>
    <message>
        <source>生まれた日を選んでください。</source>
        <translation>Please choose the day you were born.</translation>
    </message>
    <message>
        <source>それぞれ「希望する」か「希望しない」を選んでください。</source>
        <translation>Please choose &quot;Yes, please&quot; or &quot;No, thanks&quot; for each.</translation>
    </message>
    <message>
        <source>「希望する」か「希望しない」を選んでください。</source>
        <translation>Please choose &quot;Yes, please&quot; or &quot;No, thanks&quot;.</translation>
    </message>
    <message>
        <source>未来の日付は入力できません。</source>
        <translation>You cannot enter a date in the future.</translation>
    </message>
    <message>
        <source>この生年月日は受け付けられません。確かめてください。</source>
        <translation>This date of birth cannot be accepted. Please check it.</translation>
    </message>
    <message>
        <source>その日付はこの年号にありません。年号と年を確かめてください。</source>
        <translation>This date is not in that era. Please check the era and the year.</translation>
    </message>
    <message>
        <source>その月にその日はありません。</source>
        <translation>That month does not have that day.</translation>
    </message>
    <message>
        <source>1歳未満のお子さまは写真が不要です。この機械では申請できません。お住まいの市区町村の窓口か郵送で申請してください（入れたお金は「やめる」で返します）。</source>
        <translation>Children under 1 do not need a photo, so this booth cannot take their application. Please apply at your city office or by post (press &quot;Cancel&quot; to get your money back).</translation>
    </message>
    <message>
        <source>まだ入力していない項目があります。</source>
        <translation>Some items are not filled in yet.</translation>
    </message>
    <message>
        <source>生年月日を入力します。生まれた年を選んでください（年号または西暦）。</source>
        <translation>Your date of birth: first choose the year (Japanese era or Western year).</translation>
    </message>
    <message>
        <source>電子証明書の発行を希望しますか？（わからないときは「希望する」がおすすめです）</source>
        <translation>Do you want the electronic certificates? (If you are not sure, &quot;Yes, please&quot; is recommended.)</translation>
    </message>
    <message>
        <source>カードに氏名の点字表記を希望しますか？</source>
        <translation>Do you want your name in braille on the card?</translation>
    </message>
    <message>
        <source>西暦 {y} 年</source>
        <translation>Year {y}</translation>
    </message>
    <message>
        <source>{era} {y} 年（西暦 {w} 年）</source>
        <translation>{era} {y} (= {w})</translation>
    </message>
    <message>
        <source>{era} {y} 年</source>
        <translation>{era} {y}</translation>
    </message>
    <message>
        <source>署名用電子証明書（インターネットで申請や契約をするときの「実印」にあたるもの）
15歳未満の方には発行されないため、選べません。</source>
        <translation>Signature certificate (your official &quot;seal&quot; for online applications and contracts)
Not issued to people under 15, so you cannot choose it.</translation>
    </message>
    <message>
        <source>署名用電子証明書（インターネットで申請や契約をするときの「実印」にあたるもの）</source>
        <translation>Signature certificate (your official &quot;seal&quot; for online applications and contracts)</translation>
    </message>
    <message>
        <source>利用者証明用電子証明書（コンビニでの証明書の受け取りやログインに使うもの）</source>
        <translation>User certificate (for logging in online and getting documents at convenience stores)</translation>
    </message>
    <message>
        <source>点字表記を選ぶと、次へ進みます。</source>
        <translation>Your braille answer takes you to the next step.</translation>
    </message>
    <message>
        <source>次へ</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>西暦</source>
        <translation>Western year</translation>
    </message>
    <message>
        <source>明治</source>
        <translation>Meiji (明治)</translation>
    </message>
    <message>
        <source>大正</source>
        <translation>Taisho (大正)</translation>
    </message>
    <message>
        <source>昭和</source>
        <translation>Showa (昭和)</translation>
    </message>
    <message>
        <source>平成</source>
        <translation>Heisei (平成)</translation>
    </message>
    <message>
        <source>令和</source>
        <translation>Reiwa (令和)</translation>
    </message>
    <message>
        <source>必要事項の入力</source>
        <translation>Your details</translation>
    </message>
    <message>
        <source>{m}月</source>
        <translation>{m}</translation>
    </message>
    <message>
        <source>年</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>{y}年</source>
        <translation>{y}</translation>
    </message>
    <message>
        <source>{era}{y}年</source>
        <translation>{era} {y}</translation>
    </message>
    <message>
        <source>月</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>{d}日</source>
        <translation>Day {d}</translation>
    </message>
    <message>
        <source>日</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>希望する（おすすめ）</source>
        <translation>Yes (recommended)</translation>
    </message>
    <message>
        <source>希望する</source>
        <translation>Yes, please</translation>
    </message>
    <message>
        <source>希望しない</source>
        <translation>No, thanks</translation>
    </message>
    <message>
        <source>戻る</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>DoneScreen</name>
    <message>
        <source>領収書を印刷しました</source>
        <translation>Receipt printed</translation>
    </message>
    <message>
        <source>領収書を印刷</source>
        <translation>Print a receipt</translation>
    </message>
    <message>
        <source>申請を受け付けました</source>
        <translation>Application received</translation>
    </message>
    <message>
        <source>終わる</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>申請が完了しました</source>
        <translation>Your application is complete</translation>
    </message>
    <message>
        <source>受付番号</source>
        <translation>Reception number</translation>
    </message>
    <message>
        <source>控えの番号</source>
        <translation>Your receipt code</translation>
    </message>
    <message>
        <source>受付済み・送信待ち</source>
        <translation>Received, waiting to be sent</translation>
    </message>
    <message>
        <source>申請はこの機械に安全に保存され、通信が回復しだい自動で送信されます。控えの番号：</source>
        <translation>Your application is stored safely in this booth and will be sent automatically when the connection is back. Your receipt code:</translation>
    </message>
    <message>
        <source>これからの流れ：
・約1か月後、お住まいの市区町村から「交付通知書」が届きます。
・交付通知書と本人確認書類を持って、市区町村の窓口でカードを受け取ってください。
・この画面の写真を撮っておくと便利です。</source>
        <translation>What happens next:
• In about one month, your city office will post you a notice of issue (交付通知書).
• Bring the notice of issue and your ID to the city office to collect your card.
• Tip: take a photo of this screen.</translation>
    </message>
    <message>
        <source>お釣りの一部 {n}円を出せませんでした。係員にこの番号をお伝えください：{code}</source>
        <translation>We could not pay out {n} yen of your change. Please show this number to staff: {code}</translation>
    </message>
    <message>
        <source>今日：申請</source>
        <translation>Today: applied</translation>
    </message>
    <message>
        <source>今日：受付（送信待ち）</source>
        <translation>Today: received (waiting to send)</translation>
    </message>
    <message>
        <source>約1か月後：交付通知書が届く</source>
        <translation>About a month later: the notice (交付通知書) arrives</translation>
    </message>
    <message>
        <source>窓口でカードを受け取る</source>
        <translation>Collect the card at the office</translation>
    </message>
</context>
<context>
    <name>Guidance</name>
    <message>
        <source>顔を枠の中に入れてください</source>
        <translation>Put your face inside the outline</translation>
    </message>
    <message>
        <source>お一人で写ってください</source>
        <translation>Only one person, please</translation>
    </message>
    <message>
        <source>もう少し前へ</source>
        <translation>Come a little closer</translation>
    </message>
    <message>
        <source>もう少し後ろへ</source>
        <translation>Move back a little</translation>
    </message>
    <message>
        <source>もう少し左へ</source>
        <translation>Move a little to the left</translation>
    </message>
    <message>
        <source>もう少し右へ</source>
        <translation>Move a little to the right</translation>
    </message>
    <message>
        <source>もう少し上へ（いすを高く）</source>
        <translation>A little higher (raise the seat)</translation>
    </message>
    <message>
        <source>もう少し下へ（いすを低く）</source>
        <translation>A little lower (lower the seat)</translation>
    </message>
    <message>
        <source>正面を向いてください</source>
        <translation>Please look straight ahead</translation>
    </message>
    <message>
        <source>頭をまっすぐにしてください</source>
        <translation>Please hold your head straight</translation>
    </message>
    <message>
        <source>帽子を外してください</source>
        <translation>Please take off your hat</translation>
    </message>
    <message>
        <source>サングラスを外してください</source>
        <translation>Please take off your sunglasses</translation>
    </message>
    <message>
        <source>目を開けてください</source>
        <translation>Please open your eyes</translation>
    </message>
    <message>
        <source>動かないでください</source>
        <translation>Please keep still</translation>
    </message>
    <message>
        <source>明るさが足りません。顔を上げてください</source>
        <translation>Not enough light. Please raise your face</translation>
    </message>
    <message>
        <source>明るすぎます。係員にお知らせください</source>
        <translation>Too bright. Please tell the staff</translation>
    </message>
    <message>
        <source>口を閉じてください</source>
        <translation>Please close your mouth</translation>
    </message>
    <message>
        <source>後ろのカーテンを閉め、影が写らないようにしてください</source>
        <translation>Close the curtain behind you and keep shadows off it</translation>
    </message>
    <message>
        <source>後ろに物や人が写らないようにしてください</source>
        <translation>Make sure no objects or people are behind you</translation>
    </message>
    <message>
        <source>よい姿勢です。「撮影する」を押してください</source>
        <translation>Good. Press &quot;Take photo&quot;</translation>
    </message>
    <message>
        <source>よい姿勢です。そのまま動かないでください</source>
        <translation>Good. Hold still, please</translation>
    </message>
</context>
<context>
    <name>GuideScreen</name>
    <message>
        <source>写真の撮り方</source>
        <translation>How to sit for your photo</translation>
    </message>
    <message>
        <source>・いすの高さを合わせ、顔を画面の枠に入れてください。
・正面を向き、背すじを伸ばしてください。
・帽子、サングラスは外してください（宗教・医療上の理由は後で申し出られます）。
・前髪で目や眉を隠さないでください。
・口を閉じ、目を開けてください。</source>
        <translation>• Adjust the seat and put your face inside the outline on the screen.
• Look straight ahead and sit up straight.
• Take off hats and sunglasses (for religious or medical reasons, you can tell us later).
• Keep your hair away from your eyes and eyebrows.
• Close your mouth and open your eyes.</translation>
    </message>
    <message>
        <source>撮影に進む</source>
        <translation>Go to the photo</translation>
    </message>
    <message>
        <source>よい例</source>
        <translation>Good</translation>
    </message>
    <message>
        <source>帽子</source>
        <translation>Hat</translation>
    </message>
    <message>
        <source>サングラス</source>
        <translation>Sunglasses</translation>
    </message>
    <message>
        <source>横向き</source>
        <translation>Turned</translation>
    </message>
    <message>
        <source>影</source>
        <translation>Shadow</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>マイナンバー総合フリーダイヤル {line}（平日 9:30〜20:00、土日祝 9:30〜17:30）
外国語 {foreign}&#x3000;一部IP電話等 050-3818-1250</source>
        <translation>My Number helpline (マイナンバー総合フリーダイヤル) {line} (weekdays 9:30–20:00, weekends and holidays 9:30–17:30)
Other languages {foreign}   Some IP phones: 050-3818-1250</translation>
    </message>
    <message>
        <source>この機械の管理者：{contact}</source>
        <translation>This booth is run by: {contact}</translation>
    </message>
    <message>
        <source>この機械の管理者：店舗の係員にお声がけください</source>
        <translation>This booth: please ask the staff of the shop</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>1字消す</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>全部消す</source>
        <translation>Clear</translation>
    </message>
</context>
<context>
    <name>LanguagePicker</name>
    <message>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>MenuScreen</name>
    <message>
        <source>証明写真は、ただいま利用できません（{reason}）。</source>
        <translation>ID photos are not available now ({reason}).</translation>
    </message>
    <message>
        <source>プリンターの調整中</source>
        <translation>printer under maintenance</translation>
    </message>
    <message>
        <source>プリンターがありません</source>
        <translation>no printer</translation>
    </message>
    <message>
        <source>紙づまり</source>
        <translation>paper jam</translation>
    </message>
    <message>
        <source>プリンターの扉が開いています</source>
        <translation>the printer door is open</translation>
    </message>
    <message>
        <source>インクリボン切れ</source>
        <translation>out of ink ribbon</translation>
    </message>
    <message>
        <source>用紙切れ</source>
        <translation>out of paper</translation>
    </message>
    <message>
        <source>証明写真
（履歴書・パスポート・免許証など）</source>
        <translation>ID photos
(CV, passport, driving licence)</translation>
    </message>
    <message>
        <source>サービスを選んでください</source>
        <translation>Choose a service</translation>
    </message>
    <message>
        <source>個人番号カード申請
（マイナンバーカード）</source>
        <translation>Apply for a My Number Card
(マイナンバーカード)</translation>
    </message>
    <message>
        <source>申請には、有効期限通知書または交付申請書のQRコード（申請書ID）が必要です。</source>
        <translation>You need the QR code (Application ID / 申請書ID) on the expiry notice or the application form you received.</translation>
    </message>
    <message>
        <source>最初に戻る</source>
        <translation>Back to start</translation>
    </message>
    <message>
        <source>{fee}円から</source>
        <translation>From {fee} yen</translation>
    </message>
    <message>
        <source>カードを申請する</source>
        <translation>Apply for the card</translation>
    </message>
    <message>
        <source>写真代 {fee}円　申請は無料</source>
        <translation>Photo {fee} yen, the card is free</translation>
    </message>
    <message>
        <source>証明写真を印刷する</source>
        <translation>Print ID photos</translation>
    </message>
</context>
<context>
    <name>NotesNotice</name>
    <message>
        <source>{n}円</source>
        <translation>{n} yen</translation>
    </message>
    <message>
        <source>お札 {n}円をお預かりしています（取り消すとお返しします）</source>
        <translation>Your {n} yen note is held (cancel and it comes back)</translation>
    </message>
    <message>
        <source>使えるお札：{notes}</source>
        <translation>Notes accepted: {notes}</translation>
    </message>
    <message>
        <source>・</source>
        <translation>, </translation>
    </message>
    <message>
        <source>お釣りが足りないため、このお札は使えません。お札をお取りください。</source>
        <translation>There is not enough change for this note. Please take your note back.</translation>
    </message>
    <message>
        <source>このお札は読み取れませんでした。お札をお取りください。</source>
        <translation>This note could not be read. Please take your note back.</translation>
    </message>
    <message>
        <source>このお札はいま使えません。お札をお取りください。</source>
        <translation>This note cannot be used now. Please take your note back.</translation>
    </message>
</context>
<context>
    <name>NoticeScreen</name>
    <message>
        <source>はじめにお読みください</source>
        <translation>Please read first</translation>
    </message>
    <message>
        <source>同意して進む</source>
        <translation>Agree and continue</translation>
    </message>
    <message>
        <source>写真代 {fee}円</source>
        <translation>Photo {fee} yen</translation>
    </message>
    <message>
        <source>カードの申請は無料です。</source>
        <translation>The card itself is free.</translation>
    </message>
    <message>
        <source>申請先へ送るもの</source>
        <translation>Sent to the card office</translation>
    </message>
    <message>
        <source>申請書ID、生年月日、顔写真</source>
        <translation>Your Application ID (申請書ID), date of birth and photo</translation>
    </message>
    <message>
        <source>この機械には残りません</source>
        <translation>Nothing stays in this booth</translation>
    </message>
    <message>
        <source>送信が確認できしだい消去します。</source>
        <translation>It is deleted once delivery is confirmed.</translation>
    </message>
    <message>
        <source>やめるとお金を返します</source>
        <translation>Stop and get your money back</translation>
    </message>
    <message>
        <source>途中でやめると、入れたお金はすべて返します。</source>
        <translation>If you stop part-way, all your money is returned.</translation>
    </message>
    <message>
        <source>必要なもの</source>
        <translation>What you need</translation>
    </message>
    <message>
        <source>有効期限通知書または交付申請書（QRコード付き）</source>
        <translation>The expiry notice or the application form with a QR code</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <source>ただいま使用できません</source>
        <translation>Out of service</translation>
    </message>
    <message>
        <source>申し訳ありません。この機械はただいま使用できません。
Sorry, this booth is out of service.</source>
        <translation>Sorry, this booth cannot be used right now.</translation>
    </message>
    <message>
        <source>入れたお金と申請は失われません。お金は返すか機械の中に安全に保管し、申請は安全に保存して、通信が回復しだい送信します。</source>
        <translation>Your money and your application are safe. Money is paid back or kept safely in the booth; an application is stored safely and sent as soon as the connection is back.</translation>
    </message>
    <message>
        <source>お金は機械の中に安全に保管されています。係員にこの番号をお伝えください：{code}（{n}円）</source>
        <translation>Your money is safe inside the booth. Show this code to the staff: {code} ({n} yen)</translation>
    </message>
    <message>
        <source>理由：{r}</source>
        <translation>Reason: {r}</translation>
    </message>
    <message>
        <source>お金と申請は安全です</source>
        <translation>Your money and application are safe</translation>
    </message>
    <message>
        <source>係員・問い合わせ先</source>
        <translation>Staff and contacts</translation>
    </message>
</context>
<context>
    <name>PaymentScreen</name>
    <message>
        <source>写真代を入れてください</source>
        <translation>Please insert the photo fee</translation>
    </message>
    <message>
        <source>写真代</source>
        <translation>Photo fee</translation>
    </message>
    <message>
        <source>入れた金額</source>
        <translation>Inserted</translation>
    </message>
    <message>
        <source>あと</source>
        <translation>Still to pay</translation>
    </message>
    <message>
        <source>{n}円</source>
        <translation>{n} yen</translation>
    </message>
    <message>
        <source>・</source>
        <translation>, </translation>
    </message>
    <message>
        <source>使える硬貨：{coins}</source>
        <translation>Coins accepted: {coins}</translation>
    </message>
    <message>
        <source>硬貨の受付を準備しています。少しお待ちください。</source>
        <translation>Getting ready to take coins. Please wait a moment.</translation>
    </message>
    <message>
        <source>ただいまお釣りが出ません。ちょうどの金額を入れてください（大きい硬貨は受け付けません）。</source>
        <translation>No change available right now. Please insert the exact amount (larger coins are refused).</translation>
    </message>
    <message>
        <source>お釣り {n}円をお取りください</source>
        <translation>Please take your change: {n} yen</translation>
    </message>
    <message>
        <source>ありがとうございます</source>
        <translation>Thank you</translation>
    </message>
    <message>
        <source>お釣り {n}円</source>
        <translation>Change {n} yen</translation>
    </message>
    <message>
        <source>お釣りの一部 {n}円を出せませんでした。係員にこの番号をお伝えください：{code}</source>
        <translation>We could not pay out {n} yen of your change. Please show this number to staff: {code}</translation>
    </message>
</context>
<context>
    <name>PrintedScreen</name>
    <message>
        <source>領収書を印刷しました</source>
        <translation>Receipt printed</translation>
    </message>
    <message>
        <source>領収書を印刷</source>
        <translation>Print a receipt</translation>
    </message>
    <message>
        <source>終わる</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>1枚の用紙に{n}枚の写真があります。</source>
        <translation>The sheet holds {n} photos.</translation>
    </message>
    <message>
        <source>取り出し口から写真をお取りください。</source>
        <translation>Please take your photos from the outlet.</translation>
    </message>
    <message>
        <source>印刷が終わりました</source>
        <translation>Printing finished</translation>
    </message>
    <message>
        <source>切り取り線で切ってください</source>
        <translation>Cut along the guides</translation>
    </message>
    <message>
        <source>線に沿って切ると、ちょうどのサイズになります。</source>
        <translation>Cut on the lines and each photo is exactly its size.</translation>
    </message>
    <message>
        <source>写真のデータは残りません</source>
        <translation>Your photo is not kept</translation>
    </message>
    <message>
        <source>終わると、この機械から消去します。</source>
        <translation>It is deleted from this booth when you finish.</translation>
    </message>
</context>
<context>
    <name>PrintingScreen</name>
    <message>
        <source>写真を印刷しています…</source>
        <translation>Printing your photos…</translation>
    </message>
    <message>
        <source>印刷しています</source>
        <translation>Printing</translation>
    </message>
    <message>
        <source>1枚の用紙に{n}枚</source>
        <translation>{n} photos on one sheet</translation>
    </message>
    <message>
        <source>取り出し口に出てきます</source>
        <translation>They come out of the tray</translation>
    </message>
    <message>
        <source>印刷が終わるまで、手を入れないでください。</source>
        <translation>Keep your hands out until printing is done.</translation>
    </message>
    <message>
        <source>そのままお待ちください</source>
        <translation>Please wait</translation>
    </message>
    <message>
        <source>印刷できなかったときは、お金を返します。</source>
        <translation>If printing fails, your money is returned.</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <source>写真の確認</source>
        <translation>Check your photo</translation>
    </message>
    <message>
        <source>宗教上の理由</source>
        <translation>Religious reasons</translation>
    </message>
    <message>
        <source>医療上の理由</source>
        <translation>Medical reasons</translation>
    </message>
    <message>
        <source>障害などの理由</source>
        <translation>Disability or similar</translation>
    </message>
    <message>
        <source>乳幼児のため</source>
        <translation>Baby or infant</translation>
    </message>
    <message>
        <source>理由があり規格どおりに撮れない</source>
        <translation>I have a reason I cannot meet the rules</translation>
    </message>
    <message>
        <source>撮り直す（あと{n}回）</source>
        <translation>Retake ({n} left)</translation>
    </message>
    <message>
        <source>この写真は規格に合わない可能性があります</source>
        <translation>This photo may not meet the rules</translation>
    </message>
    <message>
        <source>撮り直してください。宗教・医療上の理由などで規格どおりに撮れない場合は、理由を選ぶと送信できます。その場合は申請書IDを添えて市区町村にお申し出ください。</source>
        <translation>Please retake it. If you cannot meet the rules for religious, medical or similar reasons, choose the reason and you can send it. Then tell your city office, with your Application ID (申請書ID).</translation>
    </message>
    <message>
        <source>理由を申し出て、この写真を使う</source>
        <translation>State the reason and use this photo</translation>
    </message>
    <message>
        <source>この写真を使う</source>
        <translation>Use this photo</translation>
    </message>
    <message>
        <source>きれいに撮れました</source>
        <translation>Your photo looks good</translation>
    </message>
    <message>
        <source>この写真がそのまま申請に使われます。</source>
        <translation>This photo will be used for your application.</translation>
    </message>
    <message>
        <source>正面を向いて、一人で写っています</source>
        <translation>Facing the front, one person only</translation>
    </message>
    <message>
        <source>目が開き、帽子やサングラスがなく、口を閉じています</source>
        <translation>Eyes open, no hat or sunglasses, mouth closed</translation>
    </message>
    <message>
        <source>背景は無地で、影がありません</source>
        <translation>Plain background without shadows</translation>
    </message>
    <message>
        <source>顔の大きさと位置、上下の余白が規格どおりです</source>
        <translation>Face size, position and margins meet the standard</translation>
    </message>
    <message>
        <source>ピントと明るさが適切です</source>
        <translation>Sharp and well lit</translation>
    </message>
</context>
<context>
    <name>ScanScreen</name>
    <message>
        <source>QRコードを読み取ります</source>
        <translation>Scan the QR code</translation>
    </message>
    <message>
        <source>QRコードを下の読み取り口にかざしてください</source>
        <translation>Hold the QR code over the reader below</translation>
    </message>
    <message>
        <source>有効期限通知書または交付申請書の「交付申請用QRコード」です。</source>
        <translation>The QR code for the card application, on the expiry notice or the application form.</translation>
    </message>
    <message>
        <source>QRコードの近くに印刷された申請書ID（23桁の数字）を入力してください。</source>
        <translation>Type the Application ID (申請書ID): the 23 digits printed near the QR code.</translation>
    </message>
    <message>
        <source>QRコードで読み取る</source>
        <translation>Scan the QR code</translation>
    </message>
    <message>
        <source>番号を入力する</source>
        <translation>Type the number</translation>
    </message>
    <message>
        <source>この番号で進む</source>
        <translation>Use this number</translation>
    </message>
    <message>
        <source>{n} / 23 桁</source>
        <translation>{n} / 23 digits</translation>
    </message>
    <message>
        <source>この QR コードは申請用ではありません。通知書や申請書の QR コードをかざしてください。</source>
        <translation>This QR code is not for the card application. Please show the QR code on the notice or the form.</translation>
    </message>
    <message>
        <source>申請書IDは23桁です。番号を確かめてください。</source>
        <translation>The Application ID (申請書ID) has 23 digits. Please check the number.</translation>
    </message>
    <message>
        <source>読み取った内容に申請書IDが複数あります。申請用の QR コードをかざしてください。</source>
        <translation>This code holds more than one Application ID. Please show the application QR code.</translation>
    </message>
    <message>
        <source>読み取れませんでした。もう一度ゆっくりかざしてください。</source>
        <translation>Could not read it. Please hold it over the reader again, slowly.</translation>
    </message>
    <message>
        <source>読み取れないときは「番号を入力する」を押して、23桁の番号を入力できます。</source>
        <translation>If it cannot be read, press &quot;Type the number&quot; and enter the 23 digits.</translation>
    </message>
    <message>
        <source>読み取りました</source>
        <translation>Read</translation>
    </message>
    <message>
        <source>有効期限通知書</source>
        <translation>Expiry notice</translation>
    </message>
    <message>
        <source>交付申請書</source>
        <translation>Application form</translation>
    </message>
</context>
<context>
    <name>Screen</name>
    <message>
        <source>音声オフ</source>
        <translation>Voice off</translation>
    </message>
    <message>
        <source>音声オン</source>
        <translation>Voice on</translation>
    </message>
    <message>
        <source>音量 {n}</source>
        <translation>Volume {n}</translation>
    </message>
    <message>
        <source>この画面の使い方</source>
        <translation>How to use this screen</translation>
    </message>
    <message>
        <source>係員・問い合わせ先</source>
        <translation>Staff and contacts</translation>
    </message>
    <message>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>やめると、入れたお金 {n}円を返します。</source>
        <translation>If you stop, the {n} yen you put in is paid back.</translation>
    </message>
    <message>
        <source>（お釣り {c}円はお支払いのときにお返ししました）</source>
        <translation>(the change of {c} yen was given back when you paid)</translation>
    </message>
    <message>
        <source>やめる</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>手続きをやめますか？</source>
        <translation>Stop the application?</translation>
    </message>
    <message>
        <source>やめる（お金を返す）</source>
        <translation>Stop (get money back)</translation>
    </message>
    <message>
        <source>続ける</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>ヘルプ</source>
        <translation>Help</translation>
    </message>
</context>
<context>
    <name>SendingScreen</name>
    <message>
        <source>つながりません。もう一度試しています（{n}回目）。お金と申請は失われません。</source>
        <translation>Cannot connect. Trying again (attempt {n}). Your money and your application are safe.</translation>
    </message>
    <message>
        <source>安全に保存</source>
        <translation>Stored safely</translation>
    </message>
    <message>
        <source>接続</source>
        <translation>Connecting</translation>
    </message>
    <message>
        <source>送信</source>
        <translation>Sending</translation>
    </message>
    <message>
        <source>受付を待つ</source>
        <translation>Awaiting reception</translation>
    </message>
    <message>
        <source>受付完了</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>送信しています</source>
        <translation>Sending</translation>
    </message>
    <message>
        <source>申請を送信しています…</source>
        <translation>Sending your application…</translation>
    </message>
    <message>
        <source>そのままお待ちください。お金と申請は失われません。</source>
        <translation>Please wait. Your money and your application are safe.</translation>
    </message>
    <message>
        <source>暗号化して送ります</source>
        <translation>Sent encrypted</translation>
    </message>
    <message>
        <source>申請書ID、生年月日、顔写真</source>
        <translation>Your Application ID (申請書ID), date of birth and photo</translation>
    </message>
    <message>
        <source>受付番号をお知らせします</source>
        <translation>You get a reception number</translation>
    </message>
    <message>
        <source>受け付けられると、次の画面に受付番号が出ます。</source>
        <translation>Once it is received, the next screen shows it.</translation>
    </message>
</context>
<context>
    <name>SizeScreen</name>
    <message>
        <source>戻る</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>同じ写真を1枚の用紙に何枚か印刷します。切り取り線に沿って切ってください。</source>
        <translation>Several copies of the same photo are printed on one sheet. Cut along the guides.</translation>
    </message>
    <message>
        <source>写真のサイズを選んでください</source>
        <translation>Choose the photo size</translation>
    </message>
    <message>
        <source>{fee}円</source>
        <translation>{fee} yen</translation>
    </message>
    <message>
        <source>選ぶ</source>
        <translation>Choose</translation>
    </message>
</context>
<context>
    <name>StepHelp</name>
    <message>
        <source>受けたいサービスを選んでください。マイナンバーカードの申請は「個人番号カード申請」を押します。</source>
        <translation>Choose the service you want. To apply for a My Number Card, press the My Number Card button.</translation>
    </message>
    <message>
        <source>写真代と、申請で送る情報の説明です。読んだら「同意して進む」を押してください。この画面ではまだお金はかかりません。</source>
        <translation>This explains the photo fee and what the application sends. When you have read it, press Agree and continue. Nothing is charged on this screen.</translation>
    </message>
    <message>
        <source>硬貨を投入口に入れてください。入れた金額と、あといくら必要かが画面に出ます。多く入れた分はお釣りとして返却口に出ます。</source>
        <translation>Put coins into the coin slot. The screen shows how much is in and how much is still needed. Anything over the fee comes back as change in the coin return.</translation>
    </message>
    <message>
        <source>通知書や交付申請書のQRコードを、読み取り機にかざしてください。読めないときは、23桁の申請書IDを数字で入力できます。</source>
        <translation>Hold the QR code of your notice or application form over the reader. If it cannot be read, you can type the 23-digit application ID (申請書ID).</translation>
    </message>
    <message>
        <source>生年月日を入力し、電子証明書と点字の希望を選びます。電子証明書がわからないときは「希望する」のままで大丈夫です。</source>
        <translation>Enter your date of birth, then choose the electronic certificates and braille. If you are unsure about the certificates, leave them at Yes.</translation>
    </message>
    <message>
        <source>点字表記は11文字までです。ここでは希望の有無だけを伺います。</source>
        <translation>Braille is limited to 11 characters. Here we only ask whether you want it.</translation>
    </message>
    <message>
        <source>写真の撮り方の説明です。帽子やサングラスを外し、準備ができたら「撮影に進む」を押してください。</source>
        <translation>This explains how the photo is taken. Take off any hat or sunglasses, and press Go to the photo when you are ready.</translation>
    </message>
    <message>
        <source>顔を枠に合わせ、正面を向いてください。「撮影する」を押すと3秒後に撮影します。</source>
        <translation>Fit your face into the outline and look straight ahead. The photo is taken 3 seconds after you press Take photo.</translation>
    </message>
    <message>
        <source>撮った写真を確かめます。よければ「この写真を使う」を、撮り直すときは「撮り直す」を押してください。</source>
        <translation>Check the photo. If it is good, press Use this photo; to take it again, press Retake.</translation>
    </message>
    <message>
        <source>送る内容を確かめてください。よければ「送信」を押します。直すときは「入力をなおす」か「写真を撮り直す」を押します。</source>
        <translation>Check what will be sent. If it is right, press Send. To change something, press Change details or Retake photo.</translation>
    </message>
    <message>
        <source>申請を送っています。そのままお待ちください。通信できなくても申請は安全に保存され、あとで送信されます。</source>
        <translation>Your application is being sent. Please wait. If the connection fails, it is stored safely and sent later.</translation>
    </message>
    <message>
        <source>申請が終わりました。番号を控えて「終わる」を押してください。</source>
        <translation>Your application is done. Note the number, then press Finish.</translation>
    </message>
</context>
<context>
    <name>Steps</name>
    <message>
        <source>お支払い</source>
        <translation>Payment</translation>
    </message>
    <message>
        <source>読み取り</source>
        <translation>Scan</translation>
    </message>
    <message>
        <source>入力</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>撮影</source>
        <translation>Photo</translation>
    </message>
    <message>
        <source>確認・送信</source>
        <translation>Check and send</translation>
    </message>
    <message>
        <source>サイズ</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>印刷</source>
        <translation>Printing</translation>
    </message>
</context>
<context>
    <name>TimeoutScreen</name>
    <message>
        <source>残り時間（秒）</source>
        <translation>seconds left</translation>
    </message>
    <message>
        <source>しばらく操作がありませんでした。続けるときは「続ける」を押してください。0秒になると手続きをやめ、入れたお金 {n}円を返します。</source>
        <translation>Nothing has been touched for a while. To go on, press Continue. At 0 seconds the application stops and the {n} yen you put in is paid back.</translation>
    </message>
    <message>
        <source>しばらく操作がありませんでした。続けるときは「続ける」を押してください。0秒になると手続きをやめ、最初の画面に戻ります。</source>
        <translation>Nothing has been touched for a while. To go on, press Continue. At 0 seconds the application stops and the booth returns to the first screen.</translation>
    </message>
    <message>
        <source>続けますか？</source>
        <translation>Do you want to continue?</translation>
    </message>
    <message>
        <source>続ける</source>
        <translation>Continue</translation>
    </message>
    <message>
        <source>やめる（お金を返す）</source>
        <translation>Stop (get money back)</translation>
    </message>
    <message>
        <source>入れたお金 {n}円</source>
        <translation>Money in: {n} yen</translation>
    </message>
    <message>
        <source>お金は入っていません</source>
        <translation>No money is in</translation>
    </message>
    <message>
        <source>「やめる」を押すと、すぐに返します。</source>
        <translation>Press Stop to get it back now.</translation>
    </message>
    <message>
        <source>「やめる」を押すと、最初の画面に戻ります。</source>
        <translation>Press Stop to go back to the first screen.</translation>
    </message>
</context>
</TS>
