<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko" sourcelanguage="ja">
<context>
    <name>AttractScreen</name>
    <message>
        <source>証明写真・マイナンバーカード申請</source>
        <translation>증명사진 · 마이넘버카드(マイナンバーカード) 신청</translation>
    </message>
    <message>
        <source>画面にタッチしてはじめてください</source>
        <translation>화면을 터치하여 시작하세요</translation>
    </message>
    <message>
        <source>マイナンバーカード（個人番号カード）の申請ができます</source>
        <translation>여기에서 마이넘버카드(マイナンバーカード / 個人番号カード)를 신청할 수 있습니다</translation>
    </message>
    <message>
        <source>はじめる</source>
        <translation>시작</translation>
    </message>
    <message>
        <source>写真代 {fee}円</source>
        <translation>사진 {fee}엔</translation>
    </message>
    <message>
        <source>文字を大きく</source>
        <translation>글자 크게</translation>
    </message>
    <message>
        <source>白黒はっきり</source>
        <translation>고대비</translation>
    </message>
    <message>
        <source>ゆっくり操作</source>
        <translation>시간 여유 있게</translation>
    </message>
    <message>
        <source>低い位置で操作</source>
        <translation>낮은 위치 조작</translation>
    </message>
    <message>
        <source>必要なもの</source>
        <translation>필요한 것</translation>
    </message>
    <message>
        <source>有効期限通知書または交付申請書（QRコード付き）</source>
        <translation>유효기간 통지서 또는 교부신청서(QR코드 포함)</translation>
    </message>
    <message>
        <source>写真はここで撮影</source>
        <translation>사진은 여기서 촬영</translation>
    </message>
    <message>
        <source>撮った写真を確かめてから申請します。</source>
        <translation>찍은 사진을 확인한 뒤 신청합니다.</translation>
    </message>
    <message>
        <source>カードの申請は無料</source>
        <translation>카드 신청은 무료</translation>
    </message>
    <message>
        <source>お支払いは写真代だけです。</source>
        <translation>사진 요금만 냅니다.</translation>
    </message>
</context>
<context>
    <name>CameraScreen</name>
    <message>
        <source>撮影</source>
        <translation>촬영</translation>
    </message>
    <message>
        <source>撮影する</source>
        <translation>촬영하기</translation>
    </message>
    <message>
        <source>画面は鏡のように左右反対に映ります。撮影は3秒後です。</source>
        <translation>화면은 거울처럼 좌우가 반대로 보입니다. 버튼을 누르고 3초 후에 촬영합니다.</translation>
    </message>
</context>
<context>
    <name>CancelScreen</name>
    <message>
        <source>中止しました</source>
        <translation>중지했습니다</translation>
    </message>
    <message>
        <source>終わる</source>
        <translation>끝내기</translation>
    </message>
    <message>
        <source>申請を受け付けられませんでした</source>
        <translation>신청을 접수할 수 없었습니다</translation>
    </message>
    <message>
        <source>時間が過ぎたため中止しました</source>
        <translation>시간이 지나 중지했습니다</translation>
    </message>
    <message>
        <source>申請を中止しました</source>
        <translation>신청을 중지했습니다</translation>
    </message>
    <message>
        <source>入れたお金：{n}円</source>
        <translation>넣은 금액: {n}엔</translation>
    </message>
    <message>
        <source>お釣りとして返したお金（お支払いのとき）：{n}円</source>
        <translation>결제 시 돌려드린 거스름돈: {n}엔</translation>
    </message>
    <message>
        <source>いま返したお金：{n}円（返却口からお取りください）</source>
        <translation>지금 돌려드린 금액: {n}엔 (반환구에서 꺼내 주세요)</translation>
    </message>
    <message>
        <source>お金の一部 {n}円を返せませんでした。係員にこの番号をお伝えください：{code}</source>
        <translation>{n}엔을 돌려드리지 못했습니다. 직원에게 이 번호를 보여 주세요: {code}</translation>
    </message>
    <message>
        <source>合計 {n}円をすべて返しました。</source>
        <translation>합계 {n}엔을 모두 돌려드렸습니다.</translation>
    </message>
    <message>
        <source>お金を返しています…</source>
        <translation>돈을 돌려드리고 있습니다…</translation>
    </message>
    <message>
        <source>お金は入っていません。</source>
        <translation>넣은 돈이 없습니다.</translation>
    </message>
    <message>
        <source>お返ししたお金</source>
        <translation>돌려드린 금액</translation>
    </message>
    <message>
        <source>{n}円</source>
        <translation>{n}엔</translation>
    </message>
    <message>
        <source>お忘れ物はありませんか？通知書とお金をお取りください。</source>
        <translation>잊으신 물건은 없습니까? 통지서와 돈을 챙기세요.</translation>
    </message>
</context>
<context>
    <name>Checks</name>
    <message>
        <source>顔が横や上下を向いているか、傾いています。正面を向いてください。</source>
        <translation>얼굴이 옆이나 위아래를 향하거나 기울어져 있습니다. 정면을 봐 주세요.</translation>
    </message>
    <message>
        <source>顔が写っていないか、二人以上写っています。</source>
        <translation>얼굴이 찍히지 않았거나 두 명 이상 찍혔습니다.</translation>
    </message>
    <message>
        <source>帽子などで頭が隠れています。</source>
        <translation>모자 등으로 머리가 가려져 있습니다.</translation>
    </message>
    <message>
        <source>サングラスや色の濃い眼鏡で目が見えません。</source>
        <translation>선글라스나 짙은 안경 때문에 눈이 보이지 않습니다.</translation>
    </message>
    <message>
        <source>目が閉じています。</source>
        <translation>눈을 감고 있습니다.</translation>
    </message>
    <message>
        <source>背景に物や模様が写っています。</source>
        <translation>배경에 물건이나 무늬가 있습니다.</translation>
    </message>
    <message>
        <source>背景に影があります。</source>
        <translation>배경에 그림자가 있습니다.</translation>
    </message>
    <message>
        <source>写真がぼやけています。動かないでください。</source>
        <translation>사진이 흐립니다. 움직이지 마세요.</translation>
    </message>
    <message>
        <source>明るすぎるか暗すぎます。</source>
        <translation>너무 밝거나 너무 어둡습니다.</translation>
    </message>
    <message>
        <source>顔の大きさが規格に合いません。前後の位置を直してください。</source>
        <translation>얼굴 크기가 규격에 맞지 않습니다. 앞뒤 위치를 조정해 주세요.</translation>
    </message>
    <message>
        <source>顔が中央にありません。</source>
        <translation>얼굴이 가운데에 있지 않습니다.</translation>
    </message>
    <message>
        <source>口が開いています（歯が見えています）。口を閉じてください。</source>
        <translation>입이 벌어져 있습니다(이가 보입니다). 입을 다물어 주세요.</translation>
    </message>
    <message>
        <source>頭の上の余白が規格に合いません。いすの高さを直してください。</source>
        <translation>머리 위 여백이 규격에 맞지 않습니다. 의자 높이를 조절해 주세요.</translation>
    </message>
    <message>
        <source>あごの下の余白が規格に合いません。いすの高さを直してください。</source>
        <translation>턱 아래 여백이 규격에 맞지 않습니다. 의자 높이를 조절해 주세요.</translation>
    </message>
</context>
<context>
    <name>ConfirmScreen</name>
    <message>
        <source>内容を確認して送信してください</source>
        <translation>내용을 확인하고 보내 주세요</translation>
    </message>
    <message>
        <source>申請書ID</source>
        <translation>신청서 ID(申請書ID)</translation>
    </message>
    <message>
        <source>生年月日</source>
        <translation>생년월일</translation>
    </message>
    <message>
        <source>署名用電子証明書</source>
        <translation>서명용 전자증명서</translation>
    </message>
    <message>
        <source>利用者証明用電子証明書</source>
        <translation>이용자 증명용 전자증명서</translation>
    </message>
    <message>
        <source>点字表記</source>
        <translation>점자 표기</translation>
    </message>
    <message>
        <source>入力をなおす</source>
        <translation>입력 고치기</translation>
    </message>
    <message>
        <source>写真を撮り直す</source>
        <translation>다시 촬영</translation>
    </message>
    <message>
        <source>送信</source>
        <translation>보내기</translation>
    </message>
    <message>
        <source>希望する</source>
        <translation>희망함</translation>
    </message>
    <message>
        <source>希望しない</source>
        <translation>희망하지 않음</translation>
    </message>
    <message>
        <source>{era}元年</source>
        <translation>{era} 1년</translation>
    </message>
    <message>
        <source>{era}{n}年</source>
        <translation>{era} {n}년</translation>
    </message>
    <message>
        <source>{y}年{m}月{d}日（{era}）</source>
        <translation>{y}년 {m}월 {d}일({era})</translation>
    </message>
</context>
<context>
    <name>DetailsScreen</name>
    <message>
        <source>生まれた年を入力してください。</source>
        <translation>태어난 해를 입력해 주세요.</translation>
    </message>
    <message>
        <source>この年はありません。年号と年を確かめてください。</source>
        <translation>없는 해입니다. 연호와 연도를 확인해 주세요.</translation>
    </message>
    <message>
        <source>生まれた月を選んでください。</source>
        <translation>태어난 달을 선택해 주세요.</translation>
    </message>
    <message>
        <source>生まれた日を選んでください。</source>
        <translation>태어난 날을 선택해 주세요.</translation>
    </message>
    <message>
        <source>それぞれ「希望する」か「希望しない」を選んでください。</source>
        <translation>각각 &apos;희망함&apos; 또는 &apos;희망하지 않음&apos;을 선택해 주세요.</translation>
    </message>
    <message>
        <source>「希望する」か「希望しない」を選んでください。</source>
        <translation>&apos;희망함&apos; 또는 &apos;희망하지 않음&apos;을 선택해 주세요.</translation>
    </message>
    <message>
        <source>未来の日付は入力できません。</source>
        <translation>미래 날짜는 입력할 수 없습니다.</translation>
    </message>
    <message>
        <source>この生年月日は受け付けられません。確かめてください。</source>
        <translation>이 생년월일은 접수할 수 없습니다. 확인해 주세요.</translation>
    </message>
    <message>
        <source>その日付はこの年号にありません。年号と年を確かめてください。</source>
        <translation>그 날짜는 이 연호에 없습니다. 연호와 연도를 확인해 주세요.</translation>
    </message>
    <message>
        <source>その月にその日はありません。</source>
        <translation>그 달에는 그 날이 없습니다.</translation>
    </message>
    <message>
        <source>1歳未満のお子さまは写真が不要です。この機械では申請できません。お住まいの市区町村の窓口か郵送で申請してください（入れたお金は「やめる」で返します）。</source>
        <translation>1세 미만 아이는 사진이 필요 없어 이 기계에서는 신청할 수 없습니다. 거주지 시구정촌 창구나 우편으로 신청해 주세요(&apos;취소&apos;를 누르면 넣은 돈을 돌려드립니다).</translation>
    </message>
    <message>
        <source>まだ入力していない項目があります。</source>
        <translation>아직 입력하지 않은 항목이 있습니다.</translation>
    </message>
    <message>
        <source>生年月日を入力します。生まれた年を選んでください（年号または西暦）。</source>
        <translation>생년월일 입력: 먼저 태어난 해를 선택하세요(일본 연호 또는 서기).</translation>
    </message>
    <message>
        <source>電子証明書の発行を希望しますか？（わからないときは「希望する」がおすすめです）</source>
        <translation>전자증명서 발급을 희망하십니까? (잘 모르시면 &apos;희망함&apos;을 권합니다)</translation>
    </message>
    <message>
        <source>カードに氏名の点字表記を希望しますか？</source>
        <translation>카드에 이름 점자 표기를 희망하십니까?</translation>
    </message>
    <message>
        <source>西暦 {y} 年</source>
        <translation>서기 {y}년</translation>
    </message>
    <message>
        <source>{era} {y} 年（西暦 {w} 年）</source>
        <translation>{era} {y}년(서기 {w}년)</translation>
    </message>
    <message>
        <source>{era} {y} 年</source>
        <translation>{era} {y}년</translation>
    </message>
    <message>
        <source>署名用電子証明書（インターネットで申請や契約をするときの「実印」にあたるもの）
15歳未満の方には発行されないため、選べません。</source>
        <translation>서명용 전자증명서(인터넷으로 신청·계약할 때의 &apos;인감&apos;에 해당)
15세 미만은 발급되지 않으므로 선택할 수 없습니다.</translation>
    </message>
    <message>
        <source>署名用電子証明書（インターネットで申請や契約をするときの「実印」にあたるもの）</source>
        <translation>서명용 전자증명서(인터넷으로 신청·계약할 때의 &apos;인감&apos;에 해당)</translation>
    </message>
    <message>
        <source>利用者証明用電子証明書（コンビニでの証明書の受け取りやログインに使うもの）</source>
        <translation>이용자 증명용 전자증명서(편의점에서 증명서 발급, 로그인에 사용)</translation>
    </message>
    <message>
        <source>点字表記を選ぶと、次へ進みます。</source>
        <translation>점자 표기를 선택하면 다음으로 넘어갑니다.</translation>
    </message>
    <message>
        <source>次へ</source>
        <translation>다음</translation>
    </message>
    <message>
        <source>西暦</source>
        <translation>서기</translation>
    </message>
    <message>
        <source>明治</source>
        <translation>메이지(明治)</translation>
    </message>
    <message>
        <source>大正</source>
        <translation>다이쇼(大正)</translation>
    </message>
    <message>
        <source>昭和</source>
        <translation>쇼와(昭和)</translation>
    </message>
    <message>
        <source>平成</source>
        <translation>헤이세이(平成)</translation>
    </message>
    <message>
        <source>令和</source>
        <translation>레이와(令和)</translation>
    </message>
    <message>
        <source>必要事項の入力</source>
        <translation>필요 사항 입력</translation>
    </message>
    <message>
        <source>{m}月</source>
        <translation>{m}월</translation>
    </message>
    <message>
        <source>年</source>
        <translation>년</translation>
    </message>
    <message>
        <source>{y}年</source>
        <translation>{y}년</translation>
    </message>
    <message>
        <source>{era}{y}年</source>
        <translation>{era} {y}년</translation>
    </message>
    <message>
        <source>月</source>
        <translation>월</translation>
    </message>
    <message>
        <source>{d}日</source>
        <translation>{d}일</translation>
    </message>
    <message>
        <source>日</source>
        <translation>일</translation>
    </message>
    <message>
        <source>希望する（おすすめ）</source>
        <translation>희망함 (권장)</translation>
    </message>
    <message>
        <source>希望する</source>
        <translation>희망함</translation>
    </message>
    <message>
        <source>希望しない</source>
        <translation>희망하지 않음</translation>
    </message>
    <message>
        <source>戻る</source>
        <translation>뒤로</translation>
    </message>
</context>
<context>
    <name>DoneScreen</name>
    <message>
        <source>領収書を印刷しました</source>
        <translation>영수증을 인쇄했습니다</translation>
    </message>
    <message>
        <source>領収書を印刷</source>
        <translation>영수증 인쇄</translation>
    </message>
    <message>
        <source>申請を受け付けました</source>
        <translation>신청을 접수했습니다</translation>
    </message>
    <message>
        <source>終わる</source>
        <translation>끝내기</translation>
    </message>
    <message>
        <source>申請が完了しました</source>
        <translation>신청이 완료되었습니다</translation>
    </message>
    <message>
        <source>受付番号</source>
        <translation>접수 번호</translation>
    </message>
    <message>
        <source>控えの番号</source>
        <translation>접수 확인 번호</translation>
    </message>
    <message>
        <source>受付済み・送信待ち</source>
        <translation>접수 완료 · 전송 대기</translation>
    </message>
    <message>
        <source>申請はこの機械に安全に保存され、通信が回復しだい自動で送信されます。控えの番号：</source>
        <translation>신청은 이 기계에 안전하게 저장되어 통신이 복구되면 자동으로 전송됩니다. 확인 번호:</translation>
    </message>
    <message>
        <source>これからの流れ：
・約1か月後、お住まいの市区町村から「交付通知書」が届きます。
・交付通知書と本人確認書類を持って、市区町村の窓口でカードを受け取ってください。
・この画面の写真を撮っておくと便利です。</source>
        <translation>앞으로의 절차:
• 약 1개월 후 거주지 시구정촌에서 교부통지서(交付通知書)가 도착합니다.
• 교부통지서와 신분증을 가지고 시구정촌 창구에서 카드를 받으세요.
• 이 화면을 사진으로 찍어 두면 편리합니다.</translation>
    </message>
    <message>
        <source>お釣りの一部 {n}円を出せませんでした。係員にこの番号をお伝えください：{code}</source>
        <translation>거스름돈 중 {n}엔을 드리지 못했습니다. 직원에게 이 번호를 보여 주세요: {code}</translation>
    </message>
    <message>
        <source>今日：申請</source>
        <translation>오늘: 신청</translation>
    </message>
    <message>
        <source>今日：受付（送信待ち）</source>
        <translation>오늘: 접수(전송 대기)</translation>
    </message>
    <message>
        <source>約1か月後：交付通知書が届く</source>
        <translation>약 1개월 후: 교부통지서 도착</translation>
    </message>
    <message>
        <source>窓口でカードを受け取る</source>
        <translation>창구에서 카드 수령</translation>
    </message>
</context>
<context>
    <name>Guidance</name>
    <message>
        <source>顔を枠の中に入れてください</source>
        <translation>얼굴을 틀 안에 넣어 주세요</translation>
    </message>
    <message>
        <source>お一人で写ってください</source>
        <translation>한 분만 찍어 주세요</translation>
    </message>
    <message>
        <source>もう少し前へ</source>
        <translation>조금 앞으로</translation>
    </message>
    <message>
        <source>もう少し後ろへ</source>
        <translation>조금 뒤로</translation>
    </message>
    <message>
        <source>もう少し左へ</source>
        <translation>조금 왼쪽으로</translation>
    </message>
    <message>
        <source>もう少し右へ</source>
        <translation>조금 오른쪽으로</translation>
    </message>
    <message>
        <source>もう少し上へ（いすを高く）</source>
        <translation>조금 위로(의자를 높게)</translation>
    </message>
    <message>
        <source>もう少し下へ（いすを低く）</source>
        <translation>조금 아래로(의자를 낮게)</translation>
    </message>
    <message>
        <source>正面を向いてください</source>
        <translation>정면을 봐 주세요</translation>
    </message>
    <message>
        <source>頭をまっすぐにしてください</source>
        <translation>머리를 똑바로 해 주세요</translation>
    </message>
    <message>
        <source>帽子を外してください</source>
        <translation>모자를 벗어 주세요</translation>
    </message>
    <message>
        <source>サングラスを外してください</source>
        <translation>선글라스를 벗어 주세요</translation>
    </message>
    <message>
        <source>目を開けてください</source>
        <translation>눈을 떠 주세요</translation>
    </message>
    <message>
        <source>動かないでください</source>
        <translation>움직이지 마세요</translation>
    </message>
    <message>
        <source>明るさが足りません。顔を上げてください</source>
        <translation>빛이 부족합니다. 얼굴을 들어 주세요</translation>
    </message>
    <message>
        <source>明るすぎます。係員にお知らせください</source>
        <translation>너무 밝습니다. 직원에게 알려 주세요</translation>
    </message>
    <message>
        <source>口を閉じてください</source>
        <translation>입을 다물어 주세요</translation>
    </message>
    <message>
        <source>後ろのカーテンを閉め、影が写らないようにしてください</source>
        <translation>뒤의 커튼을 닫고 그림자가 찍히지 않게 해 주세요</translation>
    </message>
    <message>
        <source>後ろに物や人が写らないようにしてください</source>
        <translation>뒤에 물건이나 사람이 찍히지 않게 해 주세요</translation>
    </message>
    <message>
        <source>よい姿勢です。「撮影する」を押してください</source>
        <translation>좋습니다. &apos;촬영하기&apos;를 눌러 주세요</translation>
    </message>
    <message>
        <source>よい姿勢です。そのまま動かないでください</source>
        <translation>좋은 자세입니다. 그대로 움직이지 마세요</translation>
    </message>
</context>
<context>
    <name>GuideScreen</name>
    <message>
        <source>写真の撮り方</source>
        <translation>사진 찍는 방법</translation>
    </message>
    <message>
        <source>・いすの高さを合わせ、顔を画面の枠に入れてください。
・正面を向き、背すじを伸ばしてください。
・帽子、サングラスは外してください（宗教・医療上の理由は後で申し出られます）。
・前髪で目や眉を隠さないでください。
・口を閉じ、目を開けてください。</source>
        <translation>• 의자 높이를 맞추고 얼굴을 화면의 틀 안에 넣어 주세요.
• 정면을 보고 허리를 펴 주세요.
• 모자와 선글라스는 벗어 주세요(종교·의료상 이유는 나중에 말씀하실 수 있습니다).
• 앞머리로 눈이나 눈썹을 가리지 마세요.
• 입을 다물고 눈을 떠 주세요.</translation>
    </message>
    <message>
        <source>撮影に進む</source>
        <translation>촬영으로</translation>
    </message>
    <message>
        <source>よい例</source>
        <translation>좋은 예</translation>
    </message>
    <message>
        <source>帽子</source>
        <translation>모자</translation>
    </message>
    <message>
        <source>サングラス</source>
        <translation>선글라스</translation>
    </message>
    <message>
        <source>横向き</source>
        <translation>옆모습</translation>
    </message>
    <message>
        <source>影</source>
        <translation>그림자</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>マイナンバー総合フリーダイヤル {line}（平日 9:30〜20:00、土日祝 9:30〜17:30）
外国語 {foreign}&#x3000;一部IP電話等 050-3818-1250</source>
        <translation>마이넘버 종합 무료전화(マイナンバー総合フリーダイヤル) {line}(평일 9:30~20:00, 주말·공휴일 9:30~17:30)
외국어 {foreign}   일부 IP 전화 050-3818-1250</translation>
    </message>
    <message>
        <source>この機械の管理者：{contact}</source>
        <translation>이 기기의 관리자: {contact}</translation>
    </message>
    <message>
        <source>この機械の管理者：店舗の係員にお声がけください</source>
        <translation>이 기기: 매장 직원에게 문의해 주세요</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>1字消す</source>
        <translation>한 글자 지우기</translation>
    </message>
    <message>
        <source>全部消す</source>
        <translation>모두 지우기</translation>
    </message>
</context>
<context>
    <name>LanguagePicker</name>
    <message>
        <source>閉じる</source>
        <translation>닫기</translation>
    </message>
</context>
<context>
    <name>MenuScreen</name>
    <message>
        <source>証明写真は、ただいま利用できません（{reason}）。</source>
        <translation>증명사진은 지금 이용할 수 없습니다({reason}).</translation>
    </message>
    <message>
        <source>プリンターの調整中</source>
        <translation>프린터 점검 중</translation>
    </message>
    <message>
        <source>プリンターがありません</source>
        <translation>프린터 없음</translation>
    </message>
    <message>
        <source>紙づまり</source>
        <translation>용지 걸림</translation>
    </message>
    <message>
        <source>プリンターの扉が開いています</source>
        <translation>프린터 문이 열려 있습니다</translation>
    </message>
    <message>
        <source>インクリボン切れ</source>
        <translation>잉크 리본 없음</translation>
    </message>
    <message>
        <source>用紙切れ</source>
        <translation>용지 없음</translation>
    </message>
    <message>
        <source>証明写真
（履歴書・パスポート・免許証など）</source>
        <translation>증명사진
(이력서·여권·운전면허증)</translation>
    </message>
    <message>
        <source>サービスを選んでください</source>
        <translation>서비스를 선택해 주세요</translation>
    </message>
    <message>
        <source>個人番号カード申請
（マイナンバーカード）</source>
        <translation>마이넘버카드 신청
(マイナンバーカード)</translation>
    </message>
    <message>
        <source>申請には、有効期限通知書または交付申請書のQRコード（申請書ID）が必要です。</source>
        <translation>신청에는 유효기간 통지서 또는 교부신청서의 QR코드(신청서 ID / 申請書ID)가 필요합니다.</translation>
    </message>
    <message>
        <source>最初に戻る</source>
        <translation>처음으로</translation>
    </message>
    <message>
        <source>{fee}円から</source>
        <translation>{fee}엔부터</translation>
    </message>
    <message>
        <source>カードを申請する</source>
        <translation>카드 신청하기</translation>
    </message>
    <message>
        <source>写真代 {fee}円　申請は無料</source>
        <translation>사진 {fee}엔, 신청은 무료</translation>
    </message>
    <message>
        <source>証明写真を印刷する</source>
        <translation>증명사진 인쇄하기</translation>
    </message>
</context>
<context>
    <name>NotesNotice</name>
    <message>
        <source>{n}円</source>
        <translation>{n}엔</translation>
    </message>
    <message>
        <source>お札 {n}円をお預かりしています（取り消すとお返しします）</source>
        <translation>{n}엔 지폐를 보관 중입니다 (취소하면 돌려드립니다)</translation>
    </message>
    <message>
        <source>使えるお札：{notes}</source>
        <translation>사용 가능한 지폐: {notes}</translation>
    </message>
    <message>
        <source>・</source>
        <translation>·</translation>
    </message>
    <message>
        <source>お釣りが足りないため、このお札は使えません。お札をお取りください。</source>
        <translation>거스름돈이 부족하여 이 지폐는 사용할 수 없습니다. 지폐를 받아 가세요.</translation>
    </message>
    <message>
        <source>このお札は読み取れませんでした。お札をお取りください。</source>
        <translation>이 지폐를 인식할 수 없습니다. 지폐를 받아 가세요.</translation>
    </message>
    <message>
        <source>このお札はいま使えません。お札をお取りください。</source>
        <translation>지금은 이 지폐를 사용할 수 없습니다. 지폐를 받아 가세요.</translation>
    </message>
</context>
<context>
    <name>NoticeScreen</name>
    <message>
        <source>はじめにお読みください</source>
        <translation>먼저 읽어 주세요</translation>
    </message>
    <message>
        <source>同意して進む</source>
        <translation>동의하고 진행</translation>
    </message>
    <message>
        <source>写真代 {fee}円</source>
        <translation>사진 {fee}엔</translation>
    </message>
    <message>
        <source>カードの申請は無料です。</source>
        <translation>카드 신청은 무료입니다.</translation>
    </message>
    <message>
        <source>申請先へ送るもの</source>
        <translation>신청처로 보내는 것</translation>
    </message>
    <message>
        <source>申請書ID、生年月日、顔写真</source>
        <translation>신청서 ID(申請書ID), 생년월일, 얼굴 사진</translation>
    </message>
    <message>
        <source>この機械には残りません</source>
        <translation>이 기계에는 남지 않습니다</translation>
    </message>
    <message>
        <source>送信が確認できしだい消去します。</source>
        <translation>전송이 확인되는 대로 삭제합니다.</translation>
    </message>
    <message>
        <source>やめるとお金を返します</source>
        <translation>그만두면 돈을 돌려드립니다</translation>
    </message>
    <message>
        <source>途中でやめると、入れたお金はすべて返します。</source>
        <translation>도중에 그만두면 넣은 돈은 모두 돌려드립니다.</translation>
    </message>
    <message>
        <source>必要なもの</source>
        <translation>필요한 것</translation>
    </message>
    <message>
        <source>有効期限通知書または交付申請書（QRコード付き）</source>
        <translation>유효기간 통지서 또는 교부신청서(QR코드 포함)</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <source>ただいま使用できません</source>
        <translation>현재 사용할 수 없습니다</translation>
    </message>
    <message>
        <source>申し訳ありません。この機械はただいま使用できません。
Sorry, this booth is out of service.</source>
        <translation>죄송합니다. 이 기계는 현재 사용할 수 없습니다.</translation>
    </message>
    <message>
        <source>入れたお金と申請は失われません。お金は返すか機械の中に安全に保管し、申請は安全に保存して、通信が回復しだい送信します。</source>
        <translation>넣은 돈과 신청은 사라지지 않습니다. 돈은 돌려드리거나 기기 안에 안전하게 보관하며, 신청은 안전하게 저장해 통신이 복구되는 대로 전송합니다.</translation>
    </message>
    <message>
        <source>お金は機械の中に安全に保管されています。係員にこの番号をお伝えください：{code}（{n}円）</source>
        <translation>돈은 기계 안에 안전하게 보관되어 있습니다. 직원에게 이 번호를 보여 주세요: {code} ({n}엔)</translation>
    </message>
    <message>
        <source>理由：{r}</source>
        <translation>이유: {r}</translation>
    </message>
    <message>
        <source>お金と申請は安全です</source>
        <translation>돈과 신청은 안전합니다</translation>
    </message>
    <message>
        <source>係員・問い合わせ先</source>
        <translation>직원 및 문의처</translation>
    </message>
</context>
<context>
    <name>PaymentScreen</name>
    <message>
        <source>写真代を入れてください</source>
        <translation>사진 요금을 넣어 주세요</translation>
    </message>
    <message>
        <source>写真代</source>
        <translation>사진 요금</translation>
    </message>
    <message>
        <source>入れた金額</source>
        <translation>넣은 금액</translation>
    </message>
    <message>
        <source>あと</source>
        <translation>남은 금액</translation>
    </message>
    <message>
        <source>{n}円</source>
        <translation>{n}엔</translation>
    </message>
    <message>
        <source>・</source>
        <translation>·</translation>
    </message>
    <message>
        <source>使える硬貨：{coins}</source>
        <translation>사용 가능한 동전: {coins}</translation>
    </message>
    <message>
        <source>硬貨の受付を準備しています。少しお待ちください。</source>
        <translation>동전을 받을 준비를 하고 있습니다. 잠시 기다려 주십시오.</translation>
    </message>
    <message>
        <source>ただいまお釣りが出ません。ちょうどの金額を入れてください（大きい硬貨は受け付けません）。</source>
        <translation>지금은 거스름돈이 나오지 않습니다. 정확한 금액을 넣어 주세요(큰 동전은 받지 않습니다).</translation>
    </message>
    <message>
        <source>お釣り {n}円をお取りください</source>
        <translation>거스름돈 {n}엔을 받아 주세요</translation>
    </message>
    <message>
        <source>ありがとうございます</source>
        <translation>감사합니다</translation>
    </message>
    <message>
        <source>お釣り {n}円</source>
        <translation>거스름돈 {n}엔</translation>
    </message>
    <message>
        <source>お釣りの一部 {n}円を出せませんでした。係員にこの番号をお伝えください：{code}</source>
        <translation>거스름돈 중 {n}엔을 드리지 못했습니다. 직원에게 이 번호를 보여 주세요: {code}</translation>
    </message>
</context>
<context>
    <name>PrintedScreen</name>
    <message>
        <source>領収書を印刷しました</source>
        <translation>영수증을 인쇄했습니다</translation>
    </message>
    <message>
        <source>領収書を印刷</source>
        <translation>영수증 인쇄</translation>
    </message>
    <message>
        <source>終わる</source>
        <translation>끝내기</translation>
    </message>
    <message>
        <source>1枚の用紙に{n}枚の写真があります。</source>
        <translation>한 장의 용지에 사진이 {n}장 있습니다.</translation>
    </message>
    <message>
        <source>取り出し口から写真をお取りください。</source>
        <translation>배출구에서 사진을 꺼내 주세요.</translation>
    </message>
    <message>
        <source>印刷が終わりました</source>
        <translation>인쇄가 끝났습니다</translation>
    </message>
    <message>
        <source>切り取り線で切ってください</source>
        <translation>절취선을 따라 잘라 주세요</translation>
    </message>
    <message>
        <source>線に沿って切ると、ちょうどのサイズになります。</source>
        <translation>선을 따라 자르면 정확한 크기가 됩니다.</translation>
    </message>
    <message>
        <source>写真のデータは残りません</source>
        <translation>사진 데이터는 남지 않습니다</translation>
    </message>
    <message>
        <source>終わると、この機械から消去します。</source>
        <translation>끝나면 이 기계에서 삭제합니다.</translation>
    </message>
</context>
<context>
    <name>PrintingScreen</name>
    <message>
        <source>写真を印刷しています…</source>
        <translation>사진을 인쇄하고 있습니다…</translation>
    </message>
    <message>
        <source>印刷しています</source>
        <translation>인쇄 중</translation>
    </message>
    <message>
        <source>1枚の用紙に{n}枚</source>
        <translation>용지 1장에 {n}장</translation>
    </message>
    <message>
        <source>取り出し口に出てきます</source>
        <translation>배출구로 나옵니다</translation>
    </message>
    <message>
        <source>印刷が終わるまで、手を入れないでください。</source>
        <translation>인쇄가 끝날 때까지 손을 넣지 마세요.</translation>
    </message>
    <message>
        <source>そのままお待ちください</source>
        <translation>그대로 기다려 주세요</translation>
    </message>
    <message>
        <source>印刷できなかったときは、お金を返します。</source>
        <translation>인쇄하지 못하면 돈을 돌려드립니다.</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <source>写真の確認</source>
        <translation>사진 확인</translation>
    </message>
    <message>
        <source>宗教上の理由</source>
        <translation>종교상 이유</translation>
    </message>
    <message>
        <source>医療上の理由</source>
        <translation>의료상 이유</translation>
    </message>
    <message>
        <source>障害などの理由</source>
        <translation>장애 등의 이유</translation>
    </message>
    <message>
        <source>乳幼児のため</source>
        <translation>영유아</translation>
    </message>
    <message>
        <source>理由があり規格どおりに撮れない</source>
        <translation>사정이 있어 규격대로 찍을 수 없음</translation>
    </message>
    <message>
        <source>撮り直す（あと{n}回）</source>
        <translation>다시 촬영(남은 횟수 {n})</translation>
    </message>
    <message>
        <source>この写真は規格に合わない可能性があります</source>
        <translation>이 사진은 규격에 맞지 않을 수 있습니다</translation>
    </message>
    <message>
        <source>撮り直してください。宗教・医療上の理由などで規格どおりに撮れない場合は、理由を選ぶと送信できます。その場合は申請書IDを添えて市区町村にお申し出ください。</source>
        <translation>다시 촬영해 주세요. 종교·의료상 이유 등으로 규격대로 찍을 수 없는 경우 이유를 선택하면 보낼 수 있습니다. 그 경우 신청서 ID(申請書ID)를 가지고 시구정촌에 알려 주세요.</translation>
    </message>
    <message>
        <source>理由を申し出て、この写真を使う</source>
        <translation>이유를 알리고 이 사진 사용</translation>
    </message>
    <message>
        <source>この写真を使う</source>
        <translation>이 사진 사용</translation>
    </message>
    <message>
        <source>きれいに撮れました</source>
        <translation>잘 찍혔습니다</translation>
    </message>
    <message>
        <source>この写真がそのまま申請に使われます。</source>
        <translation>이 사진이 그대로 신청에 사용됩니다.</translation>
    </message>
    <message>
        <source>正面を向いて、一人で写っています</source>
        <translation>정면을 향하고 한 명만 찍혔습니다</translation>
    </message>
    <message>
        <source>目が開き、帽子やサングラスがなく、口を閉じています</source>
        <translation>눈을 뜨고, 모자나 선글라스 없이, 입을 다물었습니다</translation>
    </message>
    <message>
        <source>背景は無地で、影がありません</source>
        <translation>배경이 무지이고 그림자가 없습니다</translation>
    </message>
    <message>
        <source>顔の大きさと位置、上下の余白が規格どおりです</source>
        <translation>얼굴 크기, 위치, 위아래 여백이 규격에 맞습니다</translation>
    </message>
    <message>
        <source>ピントと明るさが適切です</source>
        <translation>초점과 밝기가 적절합니다</translation>
    </message>
</context>
<context>
    <name>ScanScreen</name>
    <message>
        <source>QRコードを読み取ります</source>
        <translation>QR코드를 읽습니다</translation>
    </message>
    <message>
        <source>QRコードを下の読み取り口にかざしてください</source>
        <translation>QR코드를 아래 판독부에 대 주세요</translation>
    </message>
    <message>
        <source>有効期限通知書または交付申請書の「交付申請用QRコード」です。</source>
        <translation>유효기간 통지서 또는 교부신청서의 &apos;교부신청용 QR코드&apos;입니다.</translation>
    </message>
    <message>
        <source>QRコードの近くに印刷された申請書ID（23桁の数字）を入力してください。</source>
        <translation>QR코드 근처에 인쇄된 신청서 ID(申請書ID, 23자리 숫자)를 입력해 주세요.</translation>
    </message>
    <message>
        <source>QRコードで読み取る</source>
        <translation>QR코드로 읽기</translation>
    </message>
    <message>
        <source>番号を入力する</source>
        <translation>번호 입력</translation>
    </message>
    <message>
        <source>この番号で進む</source>
        <translation>이 번호로 진행</translation>
    </message>
    <message>
        <source>{n} / 23 桁</source>
        <translation>{n} / 23자리</translation>
    </message>
    <message>
        <source>この QR コードは申請用ではありません。通知書や申請書の QR コードをかざしてください。</source>
        <translation>이 QR코드는 신청용이 아닙니다. 통지서나 신청서의 QR코드를 대 주세요.</translation>
    </message>
    <message>
        <source>申請書IDは23桁です。番号を確かめてください。</source>
        <translation>신청서 ID(申請書ID)는 23자리입니다. 번호를 확인해 주세요.</translation>
    </message>
    <message>
        <source>読み取った内容に申請書IDが複数あります。申請用の QR コードをかざしてください。</source>
        <translation>읽은 내용에 신청서 ID가 여러 개 있습니다. 신청용 QR코드를 대 주세요.</translation>
    </message>
    <message>
        <source>読み取れませんでした。もう一度ゆっくりかざしてください。</source>
        <translation>읽지 못했습니다. 다시 한 번 천천히 대 주세요.</translation>
    </message>
    <message>
        <source>読み取れないときは「番号を入力する」を押して、23桁の番号を入力できます。</source>
        <translation>읽히지 않으면 &apos;번호 입력&apos;을 눌러 23자리 번호를 입력할 수 있습니다.</translation>
    </message>
    <message>
        <source>読み取りました</source>
        <translation>읽었습니다</translation>
    </message>
    <message>
        <source>有効期限通知書</source>
        <translation>유효기간 통지서</translation>
    </message>
    <message>
        <source>交付申請書</source>
        <translation>교부신청서</translation>
    </message>
</context>
<context>
    <name>Screen</name>
    <message>
        <source>音声オフ</source>
        <translation>음성 끔</translation>
    </message>
    <message>
        <source>音声オン</source>
        <translation>음성 켬</translation>
    </message>
    <message>
        <source>音量 {n}</source>
        <translation>음량 {n}</translation>
    </message>
    <message>
        <source>この画面の使い方</source>
        <translation>이 화면 사용 방법</translation>
    </message>
    <message>
        <source>係員・問い合わせ先</source>
        <translation>직원 및 문의처</translation>
    </message>
    <message>
        <source>閉じる</source>
        <translation>닫기</translation>
    </message>
    <message>
        <source>やめると、入れたお金 {n}円を返します。</source>
        <translation>그만두시면 넣은 금액 {n}엔을 돌려드립니다.</translation>
    </message>
    <message>
        <source>（お釣り {c}円はお支払いのときにお返ししました）</source>
        <translation>(거스름돈 {c}엔은 결제 시 돌려드렸습니다)</translation>
    </message>
    <message>
        <source>やめる</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>手続きをやめますか？</source>
        <translation>신청을 그만두시겠습니까?</translation>
    </message>
    <message>
        <source>やめる（お金を返す）</source>
        <translation>그만두기(돈 반환)</translation>
    </message>
    <message>
        <source>続ける</source>
        <translation>계속</translation>
    </message>
    <message>
        <source>ヘルプ</source>
        <translation>도움말</translation>
    </message>
</context>
<context>
    <name>SendingScreen</name>
    <message>
        <source>つながりません。もう一度試しています（{n}回目）。お金と申請は失われません。</source>
        <translation>연결되지 않습니다. 다시 시도하고 있습니다({n}번째). 돈과 신청은 안전합니다.</translation>
    </message>
    <message>
        <source>安全に保存</source>
        <translation>안전하게 저장</translation>
    </message>
    <message>
        <source>接続</source>
        <translation>연결</translation>
    </message>
    <message>
        <source>送信</source>
        <translation>전송</translation>
    </message>
    <message>
        <source>受付を待つ</source>
        <translation>접수 대기</translation>
    </message>
    <message>
        <source>受付完了</source>
        <translation>접수 완료</translation>
    </message>
    <message>
        <source>送信しています</source>
        <translation>전송 중</translation>
    </message>
    <message>
        <source>申請を送信しています…</source>
        <translation>신청을 전송하고 있습니다…</translation>
    </message>
    <message>
        <source>そのままお待ちください。お金と申請は失われません。</source>
        <translation>잠시 기다려 주세요. 돈과 신청은 사라지지 않습니다.</translation>
    </message>
    <message>
        <source>暗号化して送ります</source>
        <translation>암호화해서 보냅니다</translation>
    </message>
    <message>
        <source>申請書ID、生年月日、顔写真</source>
        <translation>신청서 ID(申請書ID), 생년월일, 얼굴 사진</translation>
    </message>
    <message>
        <source>受付番号をお知らせします</source>
        <translation>접수 번호를 알려 드립니다</translation>
    </message>
    <message>
        <source>受け付けられると、次の画面に受付番号が出ます。</source>
        <translation>접수되면 다음 화면에 접수 번호가 나옵니다.</translation>
    </message>
</context>
<context>
    <name>SizeScreen</name>
    <message>
        <source>戻る</source>
        <translation>뒤로</translation>
    </message>
    <message>
        <source>同じ写真を1枚の用紙に何枚か印刷します。切り取り線に沿って切ってください。</source>
        <translation>같은 사진 여러 장을 한 장의 용지에 인쇄합니다. 재단선을 따라 자르세요.</translation>
    </message>
    <message>
        <source>写真のサイズを選んでください</source>
        <translation>사진 크기를 선택하세요</translation>
    </message>
    <message>
        <source>{fee}円</source>
        <translation>{fee}엔</translation>
    </message>
    <message>
        <source>選ぶ</source>
        <translation>선택</translation>
    </message>
</context>
<context>
    <name>StepHelp</name>
    <message>
        <source>受けたいサービスを選んでください。マイナンバーカードの申請は「個人番号カード申請」を押します。</source>
        <translation>원하는 서비스를 선택하세요. 마이넘버카드 신청은 &apos;개인번호카드 신청&apos;을 누릅니다.</translation>
    </message>
    <message>
        <source>写真代と、申請で送る情報の説明です。読んだら「同意して進む」を押してください。この画面ではまだお金はかかりません。</source>
        <translation>사진 요금과 신청 시 보내는 정보에 대한 설명입니다. 다 읽으면 &apos;동의하고 진행&apos;을 누르세요. 이 화면에서는 아직 요금이 들지 않습니다.</translation>
    </message>
    <message>
        <source>硬貨を投入口に入れてください。入れた金額と、あといくら必要かが画面に出ます。多く入れた分はお釣りとして返却口に出ます。</source>
        <translation>동전 투입구에 동전을 넣어 주세요. 넣은 금액과 남은 금액이 화면에 표시됩니다. 더 넣은 금액은 거스름돈으로 반환구에 나옵니다.</translation>
    </message>
    <message>
        <source>通知書や交付申請書のQRコードを、読み取り機にかざしてください。読めないときは、23桁の申請書IDを数字で入力できます。</source>
        <translation>통지서나 교부신청서의 QR코드를 판독기에 대 주세요. 읽히지 않으면 23자리 신청서 ID를 숫자로 입력할 수 있습니다.</translation>
    </message>
    <message>
        <source>生年月日を入力し、電子証明書と点字の希望を選びます。電子証明書がわからないときは「希望する」のままで大丈夫です。</source>
        <translation>생년월일을 입력하고 전자증명서와 점자 희망 여부를 선택합니다. 전자증명서를 잘 모르면 &apos;희망함&apos; 그대로 두셔도 됩니다.</translation>
    </message>
    <message>
        <source>点字表記は11文字までです。ここでは希望の有無だけを伺います。</source>
        <translation>점자 표기는 11자까지입니다. 여기서는 희망 여부만 여쭙니다.</translation>
    </message>
    <message>
        <source>写真の撮り方の説明です。帽子やサングラスを外し、準備ができたら「撮影に進む」を押してください。</source>
        <translation>사진 촬영 방법에 대한 설명입니다. 모자와 선글라스를 벗고 준비가 되면 &apos;촬영으로 진행&apos;을 누르세요.</translation>
    </message>
    <message>
        <source>顔を枠に合わせ、正面を向いてください。「撮影する」を押すと3秒後に撮影します。</source>
        <translation>얼굴을 틀에 맞추고 정면을 봐 주세요. &apos;촬영하기&apos;를 누르면 3초 후에 촬영합니다.</translation>
    </message>
    <message>
        <source>撮った写真を確かめます。よければ「この写真を使う」を、撮り直すときは「撮り直す」を押してください。</source>
        <translation>찍은 사진을 확인합니다. 괜찮으면 &apos;이 사진 사용&apos;을, 다시 찍으려면 &apos;다시 찍기&apos;를 누르세요.</translation>
    </message>
    <message>
        <source>送る内容を確かめてください。よければ「送信」を押します。直すときは「入力をなおす」か「写真を撮り直す」を押します。</source>
        <translation>보낼 내용을 확인하세요. 맞으면 &apos;전송&apos;을 누릅니다. 고치려면 &apos;입력 수정&apos; 또는 &apos;사진 다시 찍기&apos;를 누릅니다.</translation>
    </message>
    <message>
        <source>申請を送っています。そのままお待ちください。通信できなくても申請は安全に保存され、あとで送信されます。</source>
        <translation>신청을 보내고 있습니다. 잠시 기다려 주세요. 통신이 안 되어도 신청은 안전하게 저장되어 나중에 전송됩니다.</translation>
    </message>
    <message>
        <source>申請が終わりました。番号を控えて「終わる」を押してください。</source>
        <translation>신청이 끝났습니다. 번호를 적어 두고 &apos;끝내기&apos;를 누르세요.</translation>
    </message>
</context>
<context>
    <name>Steps</name>
    <message>
        <source>お支払い</source>
        <translation>결제</translation>
    </message>
    <message>
        <source>読み取り</source>
        <translation>읽기</translation>
    </message>
    <message>
        <source>入力</source>
        <translation>입력</translation>
    </message>
    <message>
        <source>撮影</source>
        <translation>촬영</translation>
    </message>
    <message>
        <source>確認・送信</source>
        <translation>확인·전송</translation>
    </message>
    <message>
        <source>サイズ</source>
        <translation>크기</translation>
    </message>
    <message>
        <source>印刷</source>
        <translation>인쇄</translation>
    </message>
</context>
<context>
    <name>TimeoutScreen</name>
    <message>
        <source>残り時間（秒）</source>
        <translation>남은 시간(초)</translation>
    </message>
    <message>
        <source>しばらく操作がありませんでした。続けるときは「続ける」を押してください。0秒になると手続きをやめ、入れたお金 {n}円を返します。</source>
        <translation>한동안 조작이 없었습니다. 계속하려면 &apos;계속하기&apos;를 눌러 주세요. 0초가 되면 신청을 그만두고 넣은 금액 {n}엔을 돌려드립니다.</translation>
    </message>
    <message>
        <source>しばらく操作がありませんでした。続けるときは「続ける」を押してください。0秒になると手続きをやめ、最初の画面に戻ります。</source>
        <translation>한동안 조작이 없었습니다. 계속하려면 &apos;계속하기&apos;를 눌러 주세요. 0초가 되면 신청을 그만두고 처음 화면으로 돌아갑니다.</translation>
    </message>
    <message>
        <source>続けますか？</source>
        <translation>계속하시겠습니까?</translation>
    </message>
    <message>
        <source>続ける</source>
        <translation>계속</translation>
    </message>
    <message>
        <source>やめる（お金を返す）</source>
        <translation>그만두기(돈 반환)</translation>
    </message>
    <message>
        <source>入れたお金 {n}円</source>
        <translation>넣은 돈 {n}엔</translation>
    </message>
    <message>
        <source>お金は入っていません</source>
        <translation>넣은 돈이 없습니다</translation>
    </message>
    <message>
        <source>「やめる」を押すと、すぐに返します。</source>
        <translation>‘그만두기’를 누르면 바로 돌려드립니다.</translation>
    </message>
    <message>
        <source>「やめる」を押すと、最初の画面に戻ります。</source>
        <translation>‘그만두기’를 누르면 첫 화면으로 돌아갑니다.</translation>
    </message>
</context>
</TS>
