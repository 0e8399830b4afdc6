/**
 * Character lists the demo composes names from. Every place name of the demo is a synthetic combination of
 * these characters (never a name taken from a real code list).
 */

/** First characters of place names. */
export const PLACE_HEAD = [
  ...'青石白黄红金银长平安新永兴龙凤云松柏桃梅竹兰花水山河溪泉坪坝岭峰岩林田塘湾高大东西南北中上下和顺德福寿清明宝丰乐茂盛鹤鹿马牛羊岚枫桂荷柳杨槐樟杉雁鸣翠碧丹紫朝阳春秋晴',
];

/** Second characters of place names. */
export const PLACE_TAIL = [
  ...'山河溪坪坝岭江源口阳川林湖洲桥门关寨屯堡营场岩冲湾塘田沟泉水台铺庄坡垭岗峪坳园屏池滩渡堰井寺洞坑岙圩塆',
];

/** Heads and tails for the two province names (kept apart from the lists above so they stay distinctive). */
export const PROVINCE_HEAD = [...'岚沅澄漓岫峦嵩溱沣渚'];
export const PROVINCE_TAIL = [...'川岭原峰黔滇'];
export const EASTERN_HEAD = [...'瀛滨浦澜汀屿'];
export const EASTERN_TAIL = [...'海东宁澄'];

/** Surnames, most common first (the SQL picks with a skew towards the head of the list). */
export const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤',
];

/** Characters of given names. */
export const GIVEN = [
  ...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华飞玉萍红建国文辉力宇鹏浩凯春梅亮林云海波德贵福禄寿喜昌盛兴旺永忠成友发荣光金银山水清秀芬珍翠凤琴燕莲菊花妹娣生根财学志远宏斌俊晨阳雪婷欣怡佳雨涵梓轩子豪博宁',
];

export const CROPS = [
  '茶叶',
  '刺梨',
  '食用菌',
  '中药材',
  '高山蔬菜',
  '辣椒',
  '猕猴桃',
  '百香果',
  '花椒',
  '核桃',
  '油茶',
  '蓝莓',
];
export const LIVESTOCK = ['生猪', '肉牛', '山羊', '蛋鸡', '中蜂', '林下土鸡'];

export const EMPLOYERS = [
  '财政局',
  '教育局',
  '卫生健康局',
  '农业农村局',
  '人民医院',
  '第一中学',
  '自然资源局',
  '水务局',
];
