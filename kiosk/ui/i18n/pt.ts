<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt" sourcelanguage="ja">
<context>
    <name>AttractScreen</name>
    <message>
        <source>証明写真・マイナンバーカード申請</source>
        <translation>Fotos 3x4 e pedido do Cartão My Number (マイナンバーカード)</translation>
    </message>
    <message>
        <source>画面にタッチしてはじめてください</source>
        <translation>Toque na tela para começar</translation>
    </message>
    <message>
        <source>マイナンバーカード（個人番号カード）の申請ができます</source>
        <translation>Aqui você pode pedir o Cartão My Number (マイナンバーカード / 個人番号カード)</translation>
    </message>
    <message>
        <source>はじめる</source>
        <translation>Começar</translation>
    </message>
    <message>
        <source>写真代 {fee}円</source>
        <translation>Foto {fee} ienes</translation>
    </message>
    <message>
        <source>文字を大きく</source>
        <translation>Letra grande</translation>
    </message>
    <message>
        <source>白黒はっきり</source>
        <translation>Alto contraste</translation>
    </message>
    <message>
        <source>ゆっくり操作</source>
        <translation>Mais tempo</translation>
    </message>
    <message>
        <source>低い位置で操作</source>
        <translation>Botões embaixo</translation>
    </message>
    <message>
        <source>必要なもの</source>
        <translation>O que você precisa</translation>
    </message>
    <message>
        <source>有効期限通知書または交付申請書（QRコード付き）</source>
        <translation>O aviso de validade ou o formulário com código QR</translation>
    </message>
    <message>
        <source>写真はここで撮影</source>
        <translation>A foto é tirada aqui</translation>
    </message>
    <message>
        <source>撮った写真を確かめてから申請します。</source>
        <translation>Você confere a foto antes de enviar o pedido.</translation>
    </message>
    <message>
        <source>カードの申請は無料</source>
        <translation>O cartão é gratuito</translation>
    </message>
    <message>
        <source>お支払いは写真代だけです。</source>
        <translation>Você paga só a foto.</translation>
    </message>
</context>
<context>
    <name>CameraScreen</name>
    <message>
        <source>撮影</source>
        <translation>Foto</translation>
    </message>
    <message>
        <source>撮影する</source>
        <translation>Tirar foto</translation>
    </message>
    <message>
        <source>画面は鏡のように左右反対に映ります。撮影は3秒後です。</source>
        <translation>A tela mostra você como um espelho. A foto é tirada 3 segundos depois de tocar.</translation>
    </message>
</context>
<context>
    <name>CancelScreen</name>
    <message>
        <source>中止しました</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <source>終わる</source>
        <translation>Terminar</translation>
    </message>
    <message>
        <source>申請を受け付けられませんでした</source>
        <translation>Não foi possível aceitar o seu pedido</translation>
    </message>
    <message>
        <source>時間が過ぎたため中止しました</source>
        <translation>Cancelado porque o tempo acabou</translation>
    </message>
    <message>
        <source>申請を中止しました</source>
        <translation>O seu pedido foi cancelado</translation>
    </message>
    <message>
        <source>入れたお金：{n}円</source>
        <translation>Dinheiro inserido: {n} ienes</translation>
    </message>
    <message>
        <source>お釣りとして返したお金（お支払いのとき）：{n}円</source>
        <translation>Troco devolvido no pagamento: {n} ienes</translation>
    </message>
    <message>
        <source>いま返したお金：{n}円（返却口からお取りください）</source>
        <translation>Devolvido agora: {n} ienes (retire na bandeja de devolução)</translation>
    </message>
    <message>
        <source>お金の一部 {n}円を返せませんでした。係員にこの番号をお伝えください：{code}</source>
        <translation>Não conseguimos devolver {n} ienes. Mostre este número a um funcionário: {code}</translation>
    </message>
    <message>
        <source>合計 {n}円をすべて返しました。</source>
        <translation>Todos os {n} ienes foram devolvidos.</translation>
    </message>
    <message>
        <source>お金を返しています…</source>
        <translation>Devolvendo o seu dinheiro…</translation>
    </message>
    <message>
        <source>お金は入っていません。</source>
        <translation>Nenhum dinheiro foi inserido.</translation>
    </message>
    <message>
        <source>お返ししたお金</source>
        <translation>Dinheiro devolvido</translation>
    </message>
    <message>
        <source>{n}円</source>
        <translation>{n} ienes</translation>
    </message>
    <message>
        <source>お忘れ物はありませんか？通知書とお金をお取りください。</source>
        <translation>Não esqueça nada: leve o seu aviso e o seu dinheiro.</translation>
    </message>
</context>
<context>
    <name>Checks</name>
    <message>
        <source>顔が横や上下を向いているか、傾いています。正面を向いてください。</source>
        <translation>O seu rosto está virado ou inclinado. Olhe para a frente.</translation>
    </message>
    <message>
        <source>顔が写っていないか、二人以上写っています。</source>
        <translation>Não aparece nenhum rosto, ou aparece mais de um.</translation>
    </message>
    <message>
        <source>帽子などで頭が隠れています。</source>
        <translation>Algo cobre a sua cabeça, por exemplo um chapéu.</translation>
    </message>
    <message>
        <source>サングラスや色の濃い眼鏡で目が見えません。</source>
        <translation>Não dá para ver os seus olhos (óculos de sol ou escuros).</translation>
    </message>
    <message>
        <source>目が閉じています。</source>
        <translation>Os seus olhos estão fechados.</translation>
    </message>
    <message>
        <source>背景に物や模様が写っています。</source>
        <translation>Há objetos ou estampas no fundo.</translation>
    </message>
    <message>
        <source>背景に影があります。</source>
        <translation>Há uma sombra no fundo.</translation>
    </message>
    <message>
        <source>写真がぼやけています。動かないでください。</source>
        <translation>A foto está tremida. Fique parado.</translation>
    </message>
    <message>
        <source>明るすぎるか暗すぎます。</source>
        <translation>A foto está clara ou escura demais.</translation>
    </message>
    <message>
        <source>顔の大きさが規格に合いません。前後の位置を直してください。</source>
        <translation>O seu rosto não está no tamanho certo. Chegue um pouco mais perto ou mais para trás.</translation>
    </message>
    <message>
        <source>顔が中央にありません。</source>
        <translation>O seu rosto não está no centro.</translation>
    </message>
    <message>
        <source>口が開いています（歯が見えています）。口を閉じてください。</source>
        <translation>A boca está aberta (os dentes aparecem). Feche a boca.</translation>
    </message>
    <message>
        <source>頭の上の余白が規格に合いません。いすの高さを直してください。</source>
        <translation>O espaço acima da cabeça não está conforme a norma. Ajuste a altura do assento.</translation>
    </message>
    <message>
        <source>あごの下の余白が規格に合いません。いすの高さを直してください。</source>
        <translation>O espaço abaixo do queixo não está conforme a norma. Ajuste a altura do assento.</translation>
    </message>
</context>
<context>
    <name>ConfirmScreen</name>
    <message>
        <source>内容を確認して送信してください</source>
        <translation>Confira os seus dados e envie</translation>
    </message>
    <message>
        <source>申請書ID</source>
        <translation>ID do pedido (申請書ID)</translation>
    </message>
    <message>
        <source>生年月日</source>
        <translation>Data de nascimento</translation>
    </message>
    <message>
        <source>署名用電子証明書</source>
        <translation>Certificado de assinatura</translation>
    </message>
    <message>
        <source>利用者証明用電子証明書</source>
        <translation>Certificado de usuário</translation>
    </message>
    <message>
        <source>点字表記</source>
        <translation>Nome em braile</translation>
    </message>
    <message>
        <source>入力をなおす</source>
        <translation>Corrigir dados</translation>
    </message>
    <message>
        <source>写真を撮り直す</source>
        <translation>Tirar outra foto</translation>
    </message>
    <message>
        <source>送信</source>
        <translation>Enviar</translation>
    </message>
    <message>
        <source>希望する</source>
        <translation>Sim, quero</translation>
    </message>
    <message>
        <source>希望しない</source>
        <translation>Não, obrigado</translation>
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
        <translation>{d}/{m}/{y} ({era})</translation>
    </message>
</context>
<context>
    <name>DetailsScreen</name>
    <message>
        <source>生まれた年を入力してください。</source>
        <translation>Digite o ano em que você nasceu.</translation>
    </message>
    <message>
        <source>この年はありません。年号と年を確かめてください。</source>
        <translation>Esse ano não existe. Confira a era e o ano.</translation>
    </message>
    <message>
        <source>生まれた月を選んでください。</source>
        <translation>Escolha o mês em que você nasceu.</translation>
    </message>
    <message>
        <source>生まれた日を選んでください。</source>
        <translation>Escolha o dia em que você nasceu.</translation>
    </message>
    <message>
        <source>それぞれ「希望する」か「希望しない」を選んでください。</source>
        <translation>Escolha «Sim, quero» ou «Não, obrigado» em cada um.</translation>
    </message>
    <message>
        <source>「希望する」か「希望しない」を選んでください。</source>
        <translation>Escolha «Sim, quero» ou «Não, obrigado».</translation>
    </message>
    <message>
        <source>未来の日付は入力できません。</source>
        <translation>Não é possível digitar uma data futura.</translation>
    </message>
    <message>
        <source>この生年月日は受け付けられません。確かめてください。</source>
        <translation>Esta data de nascimento não pode ser aceita. Confira.</translation>
    </message>
    <message>
        <source>その日付はこの年号にありません。年号と年を確かめてください。</source>
        <translation>Essa data não está nessa era. Confira a era e o ano.</translation>
    </message>
    <message>
        <source>その月にその日はありません。</source>
        <translation>Esse mês não tem esse dia.</translation>
    </message>
    <message>
        <source>1歳未満のお子さまは写真が不要です。この機械では申請できません。お住まいの市区町村の窓口か郵送で申請してください（入れたお金は「やめる」で返します）。</source>
        <translation>Crianças com menos de 1 ano não precisam de foto, por isso não podem fazer o pedido aqui. Faça o pedido na prefeitura ou pelo correio (toque em «Cancelar» para receber o dinheiro de volta).</translation>
    </message>
    <message>
        <source>まだ入力していない項目があります。</source>
        <translation>Ainda há itens sem preencher.</translation>
    </message>
    <message>
        <source>生年月日を入力します。生まれた年を選んでください（年号または西暦）。</source>
        <translation>A sua data de nascimento: primeiro escolha o ano (era japonesa ou ano ocidental).</translation>
    </message>
    <message>
        <source>電子証明書の発行を希望しますか？（わからないときは「希望する」がおすすめです）</source>
        <translation>Você quer os certificados eletrônicos? (Se não tiver certeza, recomendamos «Sim, quero».)</translation>
    </message>
    <message>
        <source>カードに氏名の点字表記を希望しますか？</source>
        <translation>Você quer o seu nome em braile no cartão?</translation>
    </message>
    <message>
        <source>西暦 {y} 年</source>
        <translation>Ano {y}</translation>
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
        <translation>Certificado de assinatura (o seu «carimbo oficial» para pedidos e contratos pela internet)
Não é emitido para menores de 15 anos, por isso não pode ser escolhido.</translation>
    </message>
    <message>
        <source>署名用電子証明書（インターネットで申請や契約をするときの「実印」にあたるもの）</source>
        <translation>Certificado de assinatura (o seu «carimbo oficial» para pedidos e contratos pela internet)</translation>
    </message>
    <message>
        <source>利用者証明用電子証明書（コンビニでの証明書の受け取りやログインに使うもの）</source>
        <translation>Certificado de usuário (para entrar em serviços online e tirar documentos em lojas de conveniência)</translation>
    </message>
    <message>
        <source>点字表記を選ぶと、次へ進みます。</source>
        <translation>Ao escolher a opção de braile, você passa para a próxima etapa.</translation>
    </message>
    <message>
        <source>次へ</source>
        <translation>Próximo</translation>
    </message>
    <message>
        <source>西暦</source>
        <translation>Ano ocidental</translation>
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
        <translation>Os seus dados</translation>
    </message>
    <message>
        <source>{m}月</source>
        <translation>{m}</translation>
    </message>
    <message>
        <source>年</source>
        <translation>Ano</translation>
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
        <translation>Mês</translation>
    </message>
    <message>
        <source>{d}日</source>
        <translation>Dia {d}</translation>
    </message>
    <message>
        <source>日</source>
        <translation>Dia</translation>
    </message>
    <message>
        <source>希望する（おすすめ）</source>
        <translation>Sim (recomendado)</translation>
    </message>
    <message>
        <source>希望する</source>
        <translation>Sim, quero</translation>
    </message>
    <message>
        <source>希望しない</source>
        <translation>Não, obrigado</translation>
    </message>
    <message>
        <source>戻る</source>
        <translation>Voltar</translation>
    </message>
</context>
<context>
    <name>DoneScreen</name>
    <message>
        <source>領収書を印刷しました</source>
        <translation>Recibo impresso</translation>
    </message>
    <message>
        <source>領収書を印刷</source>
        <translation>Imprimir recibo</translation>
    </message>
    <message>
        <source>申請を受け付けました</source>
        <translation>Pedido recebido</translation>
    </message>
    <message>
        <source>終わる</source>
        <translation>Terminar</translation>
    </message>
    <message>
        <source>申請が完了しました</source>
        <translation>O seu pedido está concluído</translation>
    </message>
    <message>
        <source>受付番号</source>
        <translation>Número de recebimento</translation>
    </message>
    <message>
        <source>控えの番号</source>
        <translation>Seu código de comprovante</translation>
    </message>
    <message>
        <source>受付済み・送信待ち</source>
        <translation>Recebido, aguardando envio</translation>
    </message>
    <message>
        <source>申請はこの機械に安全に保存され、通信が回復しだい自動で送信されます。控えの番号：</source>
        <translation>O seu pedido está guardado com segurança nesta cabine e será enviado automaticamente quando a conexão voltar. O seu código de comprovante:</translation>
    </message>
    <message>
        <source>これからの流れ：
・約1か月後、お住まいの市区町村から「交付通知書」が届きます。
・交付通知書と本人確認書類を持って、市区町村の窓口でカードを受け取ってください。
・この画面の写真を撮っておくと便利です。</source>
        <translation>O que acontece agora:
• Em cerca de um mês, a prefeitura enviará um aviso de emissão (交付通知書).
• Leve esse aviso e um documento de identidade à prefeitura para retirar o cartão.
• Dica: tire uma foto desta tela.</translation>
    </message>
    <message>
        <source>お釣りの一部 {n}円を出せませんでした。係員にこの番号をお伝えください：{code}</source>
        <translation>Não conseguimos dar {n} ienes do seu troco. Mostre este número a um funcionário: {code}</translation>
    </message>
    <message>
        <source>今日：申請</source>
        <translation>Hoje: pedido feito</translation>
    </message>
    <message>
        <source>今日：受付（送信待ち）</source>
        <translation>Hoje: recebido (aguardando envio)</translation>
    </message>
    <message>
        <source>約1か月後：交付通知書が届く</source>
        <translation>Cerca de 1 mês depois: chega o aviso (交付通知書)</translation>
    </message>
    <message>
        <source>窓口でカードを受け取る</source>
        <translation>Retire o cartão no balcão</translation>
    </message>
</context>
<context>
    <name>Guidance</name>
    <message>
        <source>顔を枠の中に入れてください</source>
        <translation>Coloque o rosto dentro do contorno</translation>
    </message>
    <message>
        <source>お一人で写ってください</source>
        <translation>Só uma pessoa, por favor</translation>
    </message>
    <message>
        <source>もう少し前へ</source>
        <translation>Chegue um pouco mais perto</translation>
    </message>
    <message>
        <source>もう少し後ろへ</source>
        <translation>Vá um pouco para trás</translation>
    </message>
    <message>
        <source>もう少し左へ</source>
        <translation>Um pouco para a esquerda</translation>
    </message>
    <message>
        <source>もう少し右へ</source>
        <translation>Um pouco para a direita</translation>
    </message>
    <message>
        <source>もう少し上へ（いすを高く）</source>
        <translation>Um pouco mais alto (suba o banco)</translation>
    </message>
    <message>
        <source>もう少し下へ（いすを低く）</source>
        <translation>Um pouco mais baixo (abaixe o banco)</translation>
    </message>
    <message>
        <source>正面を向いてください</source>
        <translation>Olhe para a frente</translation>
    </message>
    <message>
        <source>頭をまっすぐにしてください</source>
        <translation>Deixe a cabeça reta</translation>
    </message>
    <message>
        <source>帽子を外してください</source>
        <translation>Tire o chapéu</translation>
    </message>
    <message>
        <source>サングラスを外してください</source>
        <translation>Tire os óculos de sol</translation>
    </message>
    <message>
        <source>目を開けてください</source>
        <translation>Abra os olhos</translation>
    </message>
    <message>
        <source>動かないでください</source>
        <translation>Fique parado</translation>
    </message>
    <message>
        <source>明るさが足りません。顔を上げてください</source>
        <translation>Falta luz. Levante o rosto</translation>
    </message>
    <message>
        <source>明るすぎます。係員にお知らせください</source>
        <translation>Claro demais. Avise os funcionários</translation>
    </message>
    <message>
        <source>口を閉じてください</source>
        <translation>Feche a boca, por favor</translation>
    </message>
    <message>
        <source>後ろのカーテンを閉め、影が写らないようにしてください</source>
        <translation>Feche a cortina atrás de você e evite sombras</translation>
    </message>
    <message>
        <source>後ろに物や人が写らないようにしてください</source>
        <translation>Não deixe objetos ou pessoas atrás de você</translation>
    </message>
    <message>
        <source>よい姿勢です。「撮影する」を押してください</source>
        <translation>Ótimo. Toque em «Tirar foto»</translation>
    </message>
    <message>
        <source>よい姿勢です。そのまま動かないでください</source>
        <translation>Muito bem. Não se mexa</translation>
    </message>
</context>
<context>
    <name>GuideScreen</name>
    <message>
        <source>写真の撮り方</source>
        <translation>Como sentar para a foto</translation>
    </message>
    <message>
        <source>・いすの高さを合わせ、顔を画面の枠に入れてください。
・正面を向き、背すじを伸ばしてください。
・帽子、サングラスは外してください（宗教・医療上の理由は後で申し出られます）。
・前髪で目や眉を隠さないでください。
・口を閉じ、目を開けてください。</source>
        <translation>• Ajuste o banco e coloque o rosto dentro do contorno na tela.
• Olhe para a frente e sente-se reto.
• Tire chapéu e óculos de sol (por motivos religiosos ou médicos, você pode informar depois).
• Não deixe o cabelo cobrir os olhos ou as sobrancelhas.
• Feche a boca e abra os olhos.</translation>
    </message>
    <message>
        <source>撮影に進む</source>
        <translation>Ir para a foto</translation>
    </message>
    <message>
        <source>よい例</source>
        <translation>Certo</translation>
    </message>
    <message>
        <source>帽子</source>
        <translation>Chapéu</translation>
    </message>
    <message>
        <source>サングラス</source>
        <translation>Óculos escuros</translation>
    </message>
    <message>
        <source>横向き</source>
        <translation>De lado</translation>
    </message>
    <message>
        <source>影</source>
        <translation>Sombra</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>マイナンバー総合フリーダイヤル {line}（平日 9:30〜20:00、土日祝 9:30〜17:30）
外国語 {foreign}&#x3000;一部IP電話等 050-3818-1250</source>
        <translation>Central My Number (マイナンバー総合フリーダイヤル) {line} (dias úteis 9:30–20:00, fins de semana e feriados 9:30–17:30)
Outros idiomas {foreign}   Alguns telefones IP: 050-3818-1250</translation>
    </message>
    <message>
        <source>この機械の管理者：{contact}</source>
        <translation>Responsável por esta cabine: {contact}</translation>
    </message>
    <message>
        <source>この機械の管理者：店舗の係員にお声がけください</source>
        <translation>Esta cabine: fale com os funcionários da loja</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>1字消す</source>
        <translation>Apagar</translation>
    </message>
    <message>
        <source>全部消す</source>
        <translation>Apagar tudo</translation>
    </message>
</context>
<context>
    <name>LanguagePicker</name>
    <message>
        <source>閉じる</source>
        <translation>Fechar</translation>
    </message>
</context>
<context>
    <name>MenuScreen</name>
    <message>
        <source>証明写真は、ただいま利用できません（{reason}）。</source>
        <translation>As fotos 3x4 não estão disponíveis agora ({reason}).</translation>
    </message>
    <message>
        <source>プリンターの調整中</source>
        <translation>impressora em manutenção</translation>
    </message>
    <message>
        <source>プリンターがありません</source>
        <translation>sem impressora</translation>
    </message>
    <message>
        <source>紙づまり</source>
        <translation>papel preso</translation>
    </message>
    <message>
        <source>プリンターの扉が開いています</source>
        <translation>a porta da impressora está aberta</translation>
    </message>
    <message>
        <source>インクリボン切れ</source>
        <translation>sem fita de tinta</translation>
    </message>
    <message>
        <source>用紙切れ</source>
        <translation>sem papel</translation>
    </message>
    <message>
        <source>証明写真
（履歴書・パスポート・免許証など）</source>
        <translation>Fotos 3x4
(currículo, passaporte, carteira de motorista)</translation>
    </message>
    <message>
        <source>サービスを選んでください</source>
        <translation>Escolha um serviço</translation>
    </message>
    <message>
        <source>個人番号カード申請
（マイナンバーカード）</source>
        <translation>Pedir o Cartão My Number
(マイナンバーカード)</translation>
    </message>
    <message>
        <source>申請には、有効期限通知書または交付申請書のQRコード（申請書ID）が必要です。</source>
        <translation>Você precisa do código QR (ID do pedido / 申請書ID) do aviso de validade ou do formulário de pedido que recebeu.</translation>
    </message>
    <message>
        <source>最初に戻る</source>
        <translation>Voltar ao início</translation>
    </message>
    <message>
        <source>{fee}円から</source>
        <translation>A partir de {fee} ienes</translation>
    </message>
    <message>
        <source>カードを申請する</source>
        <translation>Pedir o cartão</translation>
    </message>
    <message>
        <source>写真代 {fee}円　申請は無料</source>
        <translation>Foto {fee} ienes, o cartão é gratuito</translation>
    </message>
    <message>
        <source>証明写真を印刷する</source>
        <translation>Imprimir fotos 3x4</translation>
    </message>
</context>
<context>
    <name>NotesNotice</name>
    <message>
        <source>{n}円</source>
        <translation>{n} ienes</translation>
    </message>
    <message>
        <source>お札 {n}円をお預かりしています（取り消すとお返しします）</source>
        <translation>A sua nota de {n} ienes está retida (se cancelar, é devolvida)</translation>
    </message>
    <message>
        <source>使えるお札：{notes}</source>
        <translation>Notas aceites: {notes}</translation>
    </message>
    <message>
        <source>・</source>
        <translation>, </translation>
    </message>
    <message>
        <source>お釣りが足りないため、このお札は使えません。お札をお取りください。</source>
        <translation>Não há troco suficiente para esta nota. Retire a sua nota.</translation>
    </message>
    <message>
        <source>このお札は読み取れませんでした。お札をお取りください。</source>
        <translation>Não foi possível ler esta nota. Retire a sua nota.</translation>
    </message>
    <message>
        <source>このお札はいま使えません。お札をお取りください。</source>
        <translation>Esta nota não pode ser usada agora. Retire a sua nota.</translation>
    </message>
</context>
<context>
    <name>NoticeScreen</name>
    <message>
        <source>はじめにお読みください</source>
        <translation>Leia primeiro</translation>
    </message>
    <message>
        <source>同意して進む</source>
        <translation>Concordar e seguir</translation>
    </message>
    <message>
        <source>写真代 {fee}円</source>
        <translation>Foto {fee} ienes</translation>
    </message>
    <message>
        <source>カードの申請は無料です。</source>
        <translation>O cartão é gratuito.</translation>
    </message>
    <message>
        <source>申請先へ送るもの</source>
        <translation>O que é enviado ao órgão</translation>
    </message>
    <message>
        <source>申請書ID、生年月日、顔写真</source>
        <translation>O seu ID do pedido (申請書ID), data de nascimento e foto</translation>
    </message>
    <message>
        <source>この機械には残りません</source>
        <translation>Nada fica nesta cabine</translation>
    </message>
    <message>
        <source>送信が確認できしだい消去します。</source>
        <translation>Tudo é apagado quando a entrega é confirmada.</translation>
    </message>
    <message>
        <source>やめるとお金を返します</source>
        <translation>Se parar, o dinheiro volta</translation>
    </message>
    <message>
        <source>途中でやめると、入れたお金はすべて返します。</source>
        <translation>Se parar no meio, todo o dinheiro é devolvido.</translation>
    </message>
    <message>
        <source>必要なもの</source>
        <translation>O que você precisa</translation>
    </message>
    <message>
        <source>有効期限通知書または交付申請書（QRコード付き）</source>
        <translation>O aviso de validade ou o formulário com código QR</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <source>ただいま使用できません</source>
        <translation>Fora de serviço</translation>
    </message>
    <message>
        <source>申し訳ありません。この機械はただいま使用できません。
Sorry, this booth is out of service.</source>
        <translation>Desculpe, esta cabine não pode ser usada agora.</translation>
    </message>
    <message>
        <source>入れたお金と申請は失われません。お金は返すか機械の中に安全に保管し、申請は安全に保存して、通信が回復しだい送信します。</source>
        <translation>Seu dinheiro e sua solicitação estão seguros. O dinheiro é devolvido ou guardado com segurança na cabine; a solicitação é guardada com segurança e enviada assim que a conexão voltar.</translation>
    </message>
    <message>
        <source>お金は機械の中に安全に保管されています。係員にこの番号をお伝えください：{code}（{n}円）</source>
        <translation>Seu dinheiro está seguro dentro da cabine. Mostre este código à equipe: {code} ({n} ienes)</translation>
    </message>
    <message>
        <source>理由：{r}</source>
        <translation>Motivo: {r}</translation>
    </message>
    <message>
        <source>お金と申請は安全です</source>
        <translation>Seu dinheiro e seu pedido estão seguros</translation>
    </message>
    <message>
        <source>係員・問い合わせ先</source>
        <translation>Funcionários e contato</translation>
    </message>
</context>
<context>
    <name>PaymentScreen</name>
    <message>
        <source>写真代を入れてください</source>
        <translation>Insira o valor da foto</translation>
    </message>
    <message>
        <source>写真代</source>
        <translation>Valor da foto</translation>
    </message>
    <message>
        <source>入れた金額</source>
        <translation>Inserido</translation>
    </message>
    <message>
        <source>あと</source>
        <translation>Falta</translation>
    </message>
    <message>
        <source>{n}円</source>
        <translation>{n} ienes</translation>
    </message>
    <message>
        <source>・</source>
        <translation>, </translation>
    </message>
    <message>
        <source>使える硬貨：{coins}</source>
        <translation>Moedas aceitas: {coins}</translation>
    </message>
    <message>
        <source>硬貨の受付を準備しています。少しお待ちください。</source>
        <translation>Preparando a entrada de moedas. Aguarde um momento, por favor.</translation>
    </message>
    <message>
        <source>ただいまお釣りが出ません。ちょうどの金額を入れてください（大きい硬貨は受け付けません）。</source>
        <translation>Sem troco no momento. Insira o valor exato (moedas maiores são recusadas).</translation>
    </message>
    <message>
        <source>お釣り {n}円をお取りください</source>
        <translation>Retire o seu troco: {n} ienes</translation>
    </message>
    <message>
        <source>ありがとうございます</source>
        <translation>Obrigado</translation>
    </message>
    <message>
        <source>お釣り {n}円</source>
        <translation>Troco {n} ienes</translation>
    </message>
    <message>
        <source>お釣りの一部 {n}円を出せませんでした。係員にこの番号をお伝えください：{code}</source>
        <translation>Não conseguimos dar {n} ienes do seu troco. Mostre este número a um funcionário: {code}</translation>
    </message>
</context>
<context>
    <name>PrintedScreen</name>
    <message>
        <source>領収書を印刷しました</source>
        <translation>Recibo impresso</translation>
    </message>
    <message>
        <source>領収書を印刷</source>
        <translation>Imprimir recibo</translation>
    </message>
    <message>
        <source>終わる</source>
        <translation>Terminar</translation>
    </message>
    <message>
        <source>1枚の用紙に{n}枚の写真があります。</source>
        <translation>A folha tem {n} fotos.</translation>
    </message>
    <message>
        <source>取り出し口から写真をお取りください。</source>
        <translation>Retire suas fotos pela saída.</translation>
    </message>
    <message>
        <source>印刷が終わりました</source>
        <translation>Impressão concluída</translation>
    </message>
    <message>
        <source>切り取り線で切ってください</source>
        <translation>Corte pelas guias</translation>
    </message>
    <message>
        <source>線に沿って切ると、ちょうどのサイズになります。</source>
        <translation>Cortando nas linhas, cada foto fica no tamanho exato.</translation>
    </message>
    <message>
        <source>写真のデータは残りません</source>
        <translation>Sua foto não fica guardada</translation>
    </message>
    <message>
        <source>終わると、この機械から消去します。</source>
        <translation>É apagada desta cabine quando você termina.</translation>
    </message>
</context>
<context>
    <name>PrintingScreen</name>
    <message>
        <source>写真を印刷しています…</source>
        <translation>Imprimindo suas fotos…</translation>
    </message>
    <message>
        <source>印刷しています</source>
        <translation>Imprimindo</translation>
    </message>
    <message>
        <source>1枚の用紙に{n}枚</source>
        <translation>{n} fotos em uma folha</translation>
    </message>
    <message>
        <source>取り出し口に出てきます</source>
        <translation>Elas saem pela bandeja</translation>
    </message>
    <message>
        <source>印刷が終わるまで、手を入れないでください。</source>
        <translation>Não coloque a mão até a impressão terminar.</translation>
    </message>
    <message>
        <source>そのままお待ちください</source>
        <translation>Aguarde, por favor</translation>
    </message>
    <message>
        <source>印刷できなかったときは、お金を返します。</source>
        <translation>Se não for possível imprimir, o dinheiro é devolvido.</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <source>写真の確認</source>
        <translation>Confira a sua foto</translation>
    </message>
    <message>
        <source>宗教上の理由</source>
        <translation>Motivo religioso</translation>
    </message>
    <message>
        <source>医療上の理由</source>
        <translation>Motivo médico</translation>
    </message>
    <message>
        <source>障害などの理由</source>
        <translation>Deficiência ou outro</translation>
    </message>
    <message>
        <source>乳幼児のため</source>
        <translation>Bebê ou criança pequena</translation>
    </message>
    <message>
        <source>理由があり規格どおりに撮れない</source>
        <translation>Tenho um motivo para não seguir as regras</translation>
    </message>
    <message>
        <source>撮り直す（あと{n}回）</source>
        <translation>Repetir (restam {n})</translation>
    </message>
    <message>
        <source>この写真は規格に合わない可能性があります</source>
        <translation>Esta foto pode não seguir as regras</translation>
    </message>
    <message>
        <source>撮り直してください。宗教・医療上の理由などで規格どおりに撮れない場合は、理由を選ぶと送信できます。その場合は申請書IDを添えて市区町村にお申し出ください。</source>
        <translation>Tire outra. Se não puder seguir as regras por motivo religioso, médico ou outro, escolha o motivo e poderá enviar. Depois avise a prefeitura, informando o seu ID do pedido (申請書ID).</translation>
    </message>
    <message>
        <source>理由を申し出て、この写真を使う</source>
        <translation>Informar o motivo e usar esta foto</translation>
    </message>
    <message>
        <source>この写真を使う</source>
        <translation>Usar esta foto</translation>
    </message>
    <message>
        <source>きれいに撮れました</source>
        <translation>A sua foto ficou boa</translation>
    </message>
    <message>
        <source>この写真がそのまま申請に使われます。</source>
        <translation>Esta foto será usada no seu pedido.</translation>
    </message>
    <message>
        <source>正面を向いて、一人で写っています</source>
        <translation>De frente e uma só pessoa</translation>
    </message>
    <message>
        <source>目が開き、帽子やサングラスがなく、口を閉じています</source>
        <translation>Olhos abertos, sem chapéu nem óculos de sol, boca fechada</translation>
    </message>
    <message>
        <source>背景は無地で、影がありません</source>
        <translation>Fundo liso e sem sombras</translation>
    </message>
    <message>
        <source>顔の大きさと位置、上下の余白が規格どおりです</source>
        <translation>Tamanho, posição e margens do rosto conforme a norma</translation>
    </message>
    <message>
        <source>ピントと明るさが適切です</source>
        <translation>Nítida e bem iluminada</translation>
    </message>
</context>
<context>
    <name>ScanScreen</name>
    <message>
        <source>QRコードを読み取ります</source>
        <translation>Ler o código QR</translation>
    </message>
    <message>
        <source>QRコードを下の読み取り口にかざしてください</source>
        <translation>Coloque o código QR sobre o leitor abaixo</translation>
    </message>
    <message>
        <source>有効期限通知書または交付申請書の「交付申請用QRコード」です。</source>
        <translation>É o código QR de pedido do cartão, no aviso de validade ou no formulário.</translation>
    </message>
    <message>
        <source>QRコードの近くに印刷された申請書ID（23桁の数字）を入力してください。</source>
        <translation>Digite o ID do pedido (申請書ID): os 23 dígitos impressos perto do código QR.</translation>
    </message>
    <message>
        <source>QRコードで読み取る</source>
        <translation>Ler o código QR</translation>
    </message>
    <message>
        <source>番号を入力する</source>
        <translation>Digitar o número</translation>
    </message>
    <message>
        <source>この番号で進む</source>
        <translation>Usar este número</translation>
    </message>
    <message>
        <source>{n} / 23 桁</source>
        <translation>{n} / 23 dígitos</translation>
    </message>
    <message>
        <source>この QR コードは申請用ではありません。通知書や申請書の QR コードをかざしてください。</source>
        <translation>Este código QR não é de pedido. Mostre o código QR do aviso ou do formulário.</translation>
    </message>
    <message>
        <source>申請書IDは23桁です。番号を確かめてください。</source>
        <translation>O ID do pedido (申請書ID) tem 23 dígitos. Confira o número.</translation>
    </message>
    <message>
        <source>読み取った内容に申請書IDが複数あります。申請用の QR コードをかざしてください。</source>
        <translation>Este código tem mais de um ID do pedido. Mostre o código QR de pedido.</translation>
    </message>
    <message>
        <source>読み取れませんでした。もう一度ゆっくりかざしてください。</source>
        <translation>Não foi possível ler. Coloque de novo sob o leitor, devagar.</translation>
    </message>
    <message>
        <source>読み取れないときは「番号を入力する」を押して、23桁の番号を入力できます。</source>
        <translation>Se não for possível ler, toque em «Digitar o número» e digite os 23 dígitos.</translation>
    </message>
    <message>
        <source>読み取りました</source>
        <translation>Lido</translation>
    </message>
    <message>
        <source>有効期限通知書</source>
        <translation>Aviso de validade</translation>
    </message>
    <message>
        <source>交付申請書</source>
        <translation>Formulário de pedido</translation>
    </message>
</context>
<context>
    <name>Screen</name>
    <message>
        <source>音声オフ</source>
        <translation>Voz: não</translation>
    </message>
    <message>
        <source>音声オン</source>
        <translation>Voz: sim</translation>
    </message>
    <message>
        <source>音量 {n}</source>
        <translation>Volume {n}</translation>
    </message>
    <message>
        <source>この画面の使い方</source>
        <translation>Como usar esta tela</translation>
    </message>
    <message>
        <source>係員・問い合わせ先</source>
        <translation>Funcionários e contato</translation>
    </message>
    <message>
        <source>閉じる</source>
        <translation>Fechar</translation>
    </message>
    <message>
        <source>やめると、入れたお金 {n}円を返します。</source>
        <translation>Se cancelar, os {n} ienes inseridos serão devolvidos.</translation>
    </message>
    <message>
        <source>（お釣り {c}円はお支払いのときにお返ししました）</source>
        <translation>(o troco de {c} ienes foi devolvido no pagamento)</translation>
    </message>
    <message>
        <source>やめる</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>手続きをやめますか？</source>
        <translation>Cancelar o pedido?</translation>
    </message>
    <message>
        <source>やめる（お金を返す）</source>
        <translation>Parar (devolver dinheiro)</translation>
    </message>
    <message>
        <source>続ける</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <source>ヘルプ</source>
        <translation>Ajuda</translation>
    </message>
</context>
<context>
    <name>SendingScreen</name>
    <message>
        <source>つながりません。もう一度試しています（{n}回目）。お金と申請は失われません。</source>
        <translation>Não foi possível conectar. Tentando novamente (tentativa {n}). Seu dinheiro e sua solicitação estão seguros.</translation>
    </message>
    <message>
        <source>安全に保存</source>
        <translation>Guardado com segurança</translation>
    </message>
    <message>
        <source>接続</source>
        <translation>Conectando</translation>
    </message>
    <message>
        <source>送信</source>
        <translation>Enviando</translation>
    </message>
    <message>
        <source>受付を待つ</source>
        <translation>Aguardando recepção</translation>
    </message>
    <message>
        <source>受付完了</source>
        <translation>Recebido</translation>
    </message>
    <message>
        <source>送信しています</source>
        <translation>Enviando</translation>
    </message>
    <message>
        <source>申請を送信しています…</source>
        <translation>Enviando o seu pedido…</translation>
    </message>
    <message>
        <source>そのままお待ちください。お金と申請は失われません。</source>
        <translation>Aguarde. O seu dinheiro e o seu pedido estão seguros.</translation>
    </message>
    <message>
        <source>暗号化して送ります</source>
        <translation>Enviado criptografado</translation>
    </message>
    <message>
        <source>申請書ID、生年月日、顔写真</source>
        <translation>O seu ID do pedido (申請書ID), data de nascimento e foto</translation>
    </message>
    <message>
        <source>受付番号をお知らせします</source>
        <translation>Você recebe um número de recebimento</translation>
    </message>
    <message>
        <source>受け付けられると、次の画面に受付番号が出ます。</source>
        <translation>Quando for recebido, a próxima tela o mostra.</translation>
    </message>
</context>
<context>
    <name>SizeScreen</name>
    <message>
        <source>戻る</source>
        <translation>Voltar</translation>
    </message>
    <message>
        <source>同じ写真を1枚の用紙に何枚か印刷します。切り取り線に沿って切ってください。</source>
        <translation>Várias cópias da mesma foto são impressas numa folha. Corte pelas guias.</translation>
    </message>
    <message>
        <source>写真のサイズを選んでください</source>
        <translation>Escolha o tamanho da foto</translation>
    </message>
    <message>
        <source>{fee}円</source>
        <translation>{fee} ienes</translation>
    </message>
    <message>
        <source>選ぶ</source>
        <translation>Escolher</translation>
    </message>
</context>
<context>
    <name>StepHelp</name>
    <message>
        <source>受けたいサービスを選んでください。マイナンバーカードの申請は「個人番号カード申請」を押します。</source>
        <translation>Escolha o serviço desejado. Para pedir o Cartão My Number, toque no botão do Cartão My Number.</translation>
    </message>
    <message>
        <source>写真代と、申請で送る情報の説明です。読んだら「同意して進む」を押してください。この画面ではまだお金はかかりません。</source>
        <translation>Aqui se explicam o preço da foto e os dados enviados. Depois de ler, toque em Concordar e continuar. Nada é cobrado nesta tela.</translation>
    </message>
    <message>
        <source>硬貨を投入口に入れてください。入れた金額と、あといくら必要かが画面に出ます。多く入れた分はお釣りとして返却口に出ます。</source>
        <translation>Coloque moedas na entrada de moedas. A tela mostra quanto foi inserido e quanto ainda falta. O que passar do preço volta como troco na bandeja de devolução.</translation>
    </message>
    <message>
        <source>通知書や交付申請書のQRコードを、読み取り機にかざしてください。読めないときは、23桁の申請書IDを数字で入力できます。</source>
        <translation>Aproxime o código QR do aviso ou do formulário do leitor. Se não for lido, você pode digitar o ID de solicitação (申請書ID) de 23 dígitos.</translation>
    </message>
    <message>
        <source>生年月日を入力し、電子証明書と点字の希望を選びます。電子証明書がわからないときは「希望する」のままで大丈夫です。</source>
        <translation>Digite a data de nascimento e escolha os certificados eletrônicos e o braile. Se não tiver certeza sobre os certificados, deixe em Sim.</translation>
    </message>
    <message>
        <source>点字表記は11文字までです。ここでは希望の有無だけを伺います。</source>
        <translation>O braile tem no máximo 11 caracteres. Aqui só perguntamos se você quer.</translation>
    </message>
    <message>
        <source>写真の撮り方の説明です。帽子やサングラスを外し、準備ができたら「撮影に進む」を押してください。</source>
        <translation>Aqui se explica como a foto é tirada. Tire chapéu ou óculos escuros e toque em Ir para a foto quando estiver pronto.</translation>
    </message>
    <message>
        <source>顔を枠に合わせ、正面を向いてください。「撮影する」を押すと3秒後に撮影します。</source>
        <translation>Encaixe o rosto no contorno e olhe para a frente. A foto é tirada 3 segundos depois de tocar em Tirar foto.</translation>
    </message>
    <message>
        <source>撮った写真を確かめます。よければ「この写真を使う」を、撮り直すときは「撮り直す」を押してください。</source>
        <translation>Confira a foto. Se estiver boa, toque em Usar esta foto; para tirar de novo, toque em Tirar de novo.</translation>
    </message>
    <message>
        <source>送る内容を確かめてください。よければ「送信」を押します。直すときは「入力をなおす」か「写真を撮り直す」を押します。</source>
        <translation>Confira o que será enviado. Se estiver certo, toque em Enviar. Para mudar algo, toque em Corrigir dados ou Tirar a foto de novo.</translation>
    </message>
    <message>
        <source>申請を送っています。そのままお待ちください。通信できなくても申請は安全に保存され、あとで送信されます。</source>
        <translation>Sua solicitação está sendo enviada. Aguarde. Se a conexão falhar, ela é guardada com segurança e enviada depois.</translation>
    </message>
    <message>
        <source>申請が終わりました。番号を控えて「終わる」を押してください。</source>
        <translation>Sua solicitação terminou. Anote o número e toque em Concluir.</translation>
    </message>
</context>
<context>
    <name>Steps</name>
    <message>
        <source>お支払い</source>
        <translation>Pagamento</translation>
    </message>
    <message>
        <source>読み取り</source>
        <translation>Leitura</translation>
    </message>
    <message>
        <source>入力</source>
        <translation>Dados</translation>
    </message>
    <message>
        <source>撮影</source>
        <translation>Foto</translation>
    </message>
    <message>
        <source>確認・送信</source>
        <translation>Conferir e enviar</translation>
    </message>
    <message>
        <source>サイズ</source>
        <translation>Tamanho</translation>
    </message>
    <message>
        <source>印刷</source>
        <translation>Impressão</translation>
    </message>
</context>
<context>
    <name>TimeoutScreen</name>
    <message>
        <source>残り時間（秒）</source>
        <translation>segundos restantes</translation>
    </message>
    <message>
        <source>しばらく操作がありませんでした。続けるときは「続ける」を押してください。0秒になると手続きをやめ、入れたお金 {n}円を返します。</source>
        <translation>Nada foi tocado por algum tempo. Para seguir, toque em Continuar. Ao chegar a 0 segundos o pedido é cancelado e os {n} ienes inseridos são devolvidos.</translation>
    </message>
    <message>
        <source>しばらく操作がありませんでした。続けるときは「続ける」を押してください。0秒になると手続きをやめ、最初の画面に戻ります。</source>
        <translation>Nada foi tocado por algum tempo. Para seguir, toque em Continuar. Ao chegar a 0 segundos o pedido é cancelado e a cabine volta à tela inicial.</translation>
    </message>
    <message>
        <source>続けますか？</source>
        <translation>Quer continuar?</translation>
    </message>
    <message>
        <source>続ける</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <source>やめる（お金を返す）</source>
        <translation>Parar (devolver dinheiro)</translation>
    </message>
    <message>
        <source>入れたお金 {n}円</source>
        <translation>Dinheiro inserido: {n} ienes</translation>
    </message>
    <message>
        <source>お金は入っていません</source>
        <translation>Nenhum dinheiro inserido</translation>
    </message>
    <message>
        <source>「やめる」を押すと、すぐに返します。</source>
        <translation>Toque em Parar para recebê-lo de volta agora.</translation>
    </message>
    <message>
        <source>「やめる」を押すと、最初の画面に戻ります。</source>
        <translation>Toque em Parar para voltar à primeira tela.</translation>
    </message>
</context>
</TS>
