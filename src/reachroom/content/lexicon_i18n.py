"""Multilingual seed lexicons added to the taxonomy's own (see ``taxonomy.py`` for the matching rules).

Written for Reachroom from general knowledge of each language's everyday words for a niche (not from any
caption file). They fill the languages the base lexicons cover thinly or not at all: Turkish, Russian and
Ukrainian, Polish, Arabic, Hindi, Japanese, Chinese, Korean, Thai, plus the family words (kinship, babies,
school, pregnancy) of every major language, the niche the base lexicons missed most outside English.

Two entry forms besides ordinary words and phrases:

* ``stem*`` (a trailing star) matches any word *starting* with the stem, for inflecting and agglutinating
  languages: ``çocuk*`` finds ``çocuklarla``, ``собак*`` finds ``собакой``. Stems are at least 3 letters.
* Entries in scripts written without spaces between words (Han, kana, Hangul with its attached particles,
  Thai, and Arabic with its attached articles and pronouns) are matched *inside* words and hashtags, so
  ``子ども`` is found in ``子どもたちと`` and ``كلب`` in ``وكلبنا``.
"""

from __future__ import annotations

#: slug -> (keywords, hashtags); "|"-separated like the base lexicons.
EXTRA: dict[str, tuple[str, str]] = {
    "family": (
        """son | sons | daughters | my boys | little one | little ones | grandson | granddaughter |
        grandchildren | grandkids | nephew | niece | mother's day | father's day | school run | homework |
        bedtime story | bedtime stories | lullaby | potty training | teething | baby shower | gender reveal |
        maternity leave | family holiday | family trip | family day | stroller walk | pram | hijas | nietos |
        bebé | mi bebé | mis hijos | mi niño | mi niña | los niños | los peques | peques | mamá | papá |
        maternidad | paternidad | crianza | lactancia | cumpleaños de mi hijo | vida de mamá | filho | filha |
        filhos | filhas | crianças | criança | mamãe | papai | maternidade | gravidez | grávida |
        amamentação | netos | vida de mãe | mãe | enfants | enfant | mon fils | ma fille | mes enfants |
        bébé | maman | papa | maternité | grossesse | enceinte | allaitement | petits-enfants | vie de maman |
        kinder | sohn | tochter | töchter | söhne | mama-alltag | mamaleben | papa-alltag | schwangerschaft |
        schwanger | enkelkinder | kleinkind | bambini | bambino | bambina | bimbo | bimba | bimbi | figlio |
        figlia | figli | mamma | papà | maternità | gravidanza | incinta | allattamento | nipotini | anak |
        anak-anak | si kecil | putri | putra | putriku | putraku | anakku | anak-anakku | suami | istri |
        cucu | menyusui | kinderen | zoon | dochter | moederschap | zwanger | mamaliv | sønn | datter |
        døtre | sønner | barnebarn | mammaledig | pappaperm | dzieci | dziecko | córka | mama |
        macierzyństwo | ciąża | çocuk* | bebeğ* | bebek | bebeğim | oğlum | oğlumuz | kızım | kızımız |
        annelik | annem | babam | babası | babaları | hamile | hamilelik | emzirme | torun* | aile* |
        ailemiz | ailecek | дети | детьми | детей | ребёнок | ребенок | малыш* | сын | сынок | сыном | дочь |
        дочка | дочки | дочкой | дочками | мама | мамина | мамы | папа | папой | материнство | беременн* |
        роды | внук* | семья | семьей | семейн* | декрет | грудное вскармливание | діти | дитина | синочок |
        донечка | الأطفال | اطفال | أطفالي | طفلي | طفلتي | ابني | ابنتي | ابنتي | بنتي | أمومة | امومه |
        الأمومة | حامل | الحمل | رضاعة | العائلة | عائلتي | الأسرة | أبوهم | ماما | بابا | صغيري | صغيرنا |
        बच्चे | बच्चों | बेटा | बेटी | माँ | मां | पापा | परिवार | मातृत्व | गर्भावस्था | 子ども | 子供 |
        こども | 息子 | 娘 | 赤ちゃん | ママ | パパ | 育児 | 子育て | 妊娠 | 出産 | 家族 | 保育園 | 幼稚園 |
        孫 | 孩子 | 宝宝 | 儿子 | 女儿 | 妈妈 | 爸爸 | 亲子 | 育儿 | 怀孕 | 家庭 | 아이들 | 아들 | 딸아이 |
        우리딸 | 우리아들 | 가족 | 임신 | 출산 | 어린이집 | ลูกสาว | ลูกชาย | คุณแม่ | คุณพ่อ | ครอบครัว""",
        """familia | familytime | familylife | famille | familie | famiglia | mamá | maternidad | maternidade |
        vidademae | mamãe | maman | mamanpoule | mamaleben | mamablog | mammablogger | annelik | annebebek |
        bebek | çocuk | материнство | мамавдекрете | малыш | дети | семья | أمومة | 子育て | 育児 | ママ |
        赤ちゃん | 育儿 | 宝宝 | 육아스타그램 | 딸스타그램 | 아들스타그램""",
    ),
    "pets": (
        """perrita | perritos | gatita | gatitos | cachorrinho | cachorra | cachorrinha | gatinho | gatinha |
        chiot | chaton | chienne | chatte | mon chien | mon chat | welpe | welpen | kätzchen | katze |
        katzen | tierheim | cane | cani | gatto | gatti | cucciolo | cucciola | canile | gattino | anjingku |
        kucingku | anak anjing | anak kucing | köpe* | kedi* | kedim | yavru köpek | yavru kedi | barınak |
        patili | patiler | собак* | пёс | пес | пса | щен* | кошк* | кот | котик | котёнок | котенок |
        питомец | питомц* | приют* | ветеринар* | kotek | szczeniak | кіт | собака | كلب | كلبي | كلبنا |
        الكلب | قطة | قطتي | القطة | قطط | جرو | الجرو | حيوان أليف | الحيوانات الأليفة | الملجأ | कुत्ता |
        बिल्ली | पिल्ला | 犬 | 愛犬 | 子犬 | 猫 | 愛猫 | 子猫 | ワンちゃん | わんこ | ねこ | にゃんこ |
        保護犬 | 保護猫 | 狗 | 狗狗 | 猫咪 | 小狗 | 宠物 | 강아지랑 | 반려견 | 반려묘 | 반려동물 | สุนัข |
        แมว""",
        """perrosdeinstagram | gatosdeinstagram | cachorrosdoinstagram | chiensdinstagram | hundeliebe |
        katzenliebe | canidiinstagram | köpek | kedi | kedisevenler | собака | котики | 犬のいる暮らし |
        猫のいる暮らし | いぬすたぐらむ | ねこすたぐらむ | 반려견 | 반려묘""",
    ),
    "travel": (
        """seyahat* | gezi | gezisi | gezimiz* | tatil* | otel | bavul* | uçak | uçuş | путешеств* | поездк* |
        отпуск* | отел* | чемодан | перелёт | перелет | туризм | автопутешеств* | podróż | wakacje | urlop |
        السفر | سفر | رحلة | رحلتنا | عطلة | العطلة | الفندق | فندق | حقيبتي | سياحة | यात्रा | घूमना |
        छुट्टी | 旅行 | 旅 | 観光 | ホテル | 旅館 | 温泉 | 絶景 | スーツケース | 海外旅行 | 旅游 | 旅途 |
        酒店 | 度假 | 여행 | 여행스타그램 | 호텔 | 휴가 | เที่ยว | ท่องเที่ยว | โรงแรม""",
        """seyahat | gezgin | tatil | путешествия | отпуск | travelgram | السفر | 旅行 | 旅スタグラム | 旅游 |
        여행 | 여행스타그램 | เที่ยว""",
    ),
    "food": (
        """yemek* | tarifi | tarifler | tarifim | lezzet* | kahvaltı* | akşam yemeği | pasta tarifi | restoran* |
        мороженое | рецепт* | ужин* | завтрак* | обед* | вкусн* | блюд* | ресторан* | кухн* | выпечк* |
        przepis | obiad | śniadanie | kolacja | وصفة | وصفات | طبخ | الطبخ | عشاء | غداء | فطور | مطعم |
        لذيذ | حلويات | مكونات | रेसिपी | खाना | नाश्ता | स्वादिष्ट | 料理 | レシピ | 夕飯 | 晩ごはん | ご飯 |
        ランチ | 朝ごはん | スイーツ | ケーキ | ラーメン | 美味しい | おいしい | グルメ | 美食 | 食谱 | 做饭 |
        好吃 | 早餐 | 晚餐 | 餐厅 | 맛집 | 요리 | 레시피 | 맛스타그램 | 먹스타그램 | อาหาร | อร่อย""",
        """yemektarifleri | lezzet | рецепты | еда | вкусно | طبخ | وصفات | 料理 | おうちごはん | 飯テロ | 美食 |
        맛집 | 먹스타그램 | อาหาร""",
    ),
    "fitness": (
        """antrenman* | spor salonu | egzersiz* | koşu | koşuya | kardiyo | squat | тренировк* | спортзал* |
        пробежк* | приседан* | кардио | фитнес | трениров* | siłownia | trening | bieganie | تمرين | تمارين |
        التمرين | النادي الرياضي | كارديو | لياقة | रनिंग | कसरत | व्यायाम | जिम | 筋トレ | トレーニング |
        ジム | ランニング | 朝ラン | ダイエット | スクワット | 健身 | 锻炼 | 跑步 | 运动 | 헬스 | 운동 |
        러닝 | 오운완 | ออกกำลังกาย | ฟิตเนส""",
        """fitness | antrenman | sporsalonu | тренировка | фитнес | спорт | تمارين | 筋トレ | 筋トレ女子 | 健身 |
        오운완 | 운동스타그램 | ออกกำลังกาย""",
    ),
    "beauty": (
        """makyaj* | ruj | rujum | allık | fondöten | oje | ojeler | cilt bakımı | cilt bakımım | nemlendirici |
        far paleti | макияж* | помад* | тональн* | румян* | тени | теней | уход за кожей | уход за лицом |
        крем | сыворотк* | маникюр* | ногт* | свотч* | makijaż | pielęgnacja | szminka | paznokcie | مكياج |
        المكياج | ميكب | أحمر شفاه | أحمر الخدود | كريم أساس | العناية بالبشرة | بشرتي | مرطب | أظافر |
        الأظافر | ظلال العيون | मेकअप | स्किनकेयर | लिपस्टिक | メイク | コスメ | スキンケア | ファンデ |
        チーク | 口紅 | リップ | アイシャドウ | ネイル | 美容液 | 化妆 | 彩妆 | 护肤 | 口红 | 眼影 | 美甲 |
        립스틱 | 네일 | แต่งหน้า | เครื่องสำอาง | สกินแคร์""",
        """makyaj | ciltbakımı | макияж | маникюр | уходзакожей | مكياج | メイク | コスメ | 美容 | 化妆 | 护肤 |
        뷰티 | 네일스타그램 | แต่งหน้า""",
    ),
    "fashion": (
        """kombin | kombinim | kombini | kombinler | elbise* | moda | ceket | gömlek | kaban | gardırop* | stil |
        образ дня | платье | платья | куртк* | пальто | рубашк* | джинсы | гардероб* | мода | моды |
        стритстайл | стиль | stylizacja | sukienka | moda | إطلالة | إطلالات | فستان | الموضة | أزياء | قميص |
        جاكيت | معطف | ستريت ستايل | फैशन | आउटफिट | コーデ | ファッション | ワンピース | コート | 古着 |
        今日の服 | 穿搭 | 时尚 | 连衣裙 | 外套 | 패션 | 코디 | 데일리룩 | 오오티디 | แฟชั่น""",
        """kombin | moda | ootd | мода | стиль | موضة | أزياء | コーデ | ファッション | 穿搭 | 时尚 | 데일리룩 |
        패션 | แฟชั่น""",
    ),
    "home": (
        """ev dekorasyonu | dekorasyon | kanepe | mutfak | mutfağ* | tadilat* | yatak odası | mobilya |
        интерьер* | ремонт* | гостиная | гостиной | гостиную | диван | кухн* | спальн* | декор | уборк* |
        мебел* | wnętrza | remont | salon | kuchnia | ديكور | الديكور | أثاث | غرفة المعيشة | غرفة النوم |
        أريكة | مطبخ | مطبخنا | इंटीरियर | सजावट | インテリア | 模様替え | リフォーム | 収納 | 断捨離 |
        リビング | キッチン | 家具 | ソファ | 装修 | 家居 | 客厅 | 收纳 | 인테리어 | 집꾸미기 | 거실 |
        리모델링 | แต่งบ้าน | ตกแต่งบ้าน""",
        """evdekorasyonu | dekorasyon | интерьер | ремонт | ديكور | インテリア | 収納 | 家居 | 인테리어 |
        แต่งบ้าน""",
    ),
    "tech": (
        """teknoloji | telefon | bilgisayar | технологи* | смартфон* | ноутбук* | гаджет* | تقنية | التكنولوجيا |
        هاتف | テック | ガジェット | スマホ | パソコン | 科技 | 手机 | 电脑 | 테크 | 노트북""",
        """teknoloji | технологии | تقنية | ガジェット | 科技""",
    ),
    "gaming": (
        """oyun | oyunu | oyunlar | oyuncu | видеоигр* | геймер* | компьютерные игры | ألعاب | العاب | गेमिंग |
        ゲーム | ゲーマー | 游戏 | 게임""",
        """oyun | игры | gaming | ゲーム | 游戏 | 게임""",
    ),
    "sustainability": (
        """sürdürülebilir* | geri dönüşüm | экологи* | переработк* | устойчив* | الاستدامة | إعادة التدوير |
        サステナブル | エコ | 环保 | 可持续 | 친환경 | 제로웨이스트""",
        """sürdürülebilirlik | экология | الاستدامة | サステナブル | 环保 | 제로웨이스트""",
    ),
    "wellness": (
        """meditasyon | yoga | öz bakım | zihinsel sağlık | медитаци* | йога | йоги | йогой |
        ментальное здоровье | забота о себе | تأمل | اليوغا | الصحة النفسية | ध्यान | योग | 瞑想 | ヨガ |
        セルフケア | 冥想 | 瑜伽 | 명상 | 요가""",
        """meditasyon | медитация | يوغا | ヨガ | 瑜伽 | 요가""",
    ),
    "lifestyle": (
        """günlük | gündelik | повседневн* | يومياتي | 日常 | 暮らし | 生活 | 일상""",
        """günlük | повседневность | 日常 | 暮らし | 일상""",
    ),
}
