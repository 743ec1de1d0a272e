"""Which pinyin spellings a typed search could be, syllable by syllable: ``xiaoming`` is 小明 (xiao ming), so
the initials of what it spells are ``xm``; ``oy`` spells no such run (o, then y… would be 哦 and a syllable
of y). The name search (``storage.naming.name_matches``) asks for those initials too, so full pinyin finds a
name only from the start of one of its syllables, not from inside one (oy is not in 陈小雨, chen xiao yu).
No pypinyin here: the syllables are a fixed list, and a query is short.
"""

from __future__ import annotations

from functools import lru_cache

# The toneless syllables of Mandarin as pypinyin spells them (ü as v where it must be told apart: lv, nv).
SYLLABLES = frozenset("""
    a ai an ang ao ba bai ban bang bao bei ben beng bi bian biang biao bie bin bing bo bong bu ca cai can cang
    cao ce cei cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui
    chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die din ding
    diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fiao fo fou fu ga gai gan gang gao
    ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu
    hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan
    kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei len leng li
    lia lian liang liao lie lin ling liu lo long lou lu luan lue lun luo lv lve ma mai man mang mao me mei men
    meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nia nian niang niao nie
    nin ning niu nong nou nu nuan nue nun nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin
    ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri
    rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei shen
    sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang
    tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wong wu
    xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu
    yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou
    zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo
""".split())
_PREFIXES = frozenset(s[:n] for s in SYLLABLES for n in range(1, len(s) + 1))
LONGEST = max(map(len, SYLLABLES))
MOST = 16  # spellings weighed for one query: enough for any name-length input


def spelled_initials(text: str) -> frozenset[str]:
    """The initials of every way ``text`` (lower-case letters) splits into whole syllables, the last one
    perhaps begun only (zhangs: zhang s…): ``xiaoming`` → {xm, xam, …}; empty when it splits no way (zjh)."""
    return frozenset(sorted(_splits(text))[:MOST]) if text.isascii() and text.isalpha() else frozenset()


@lru_cache(maxsize=1024)
def _splits(text: str) -> frozenset[str]:
    found = {text[0]} if text in _PREFIXES else set()
    for n in range(1, min(LONGEST, len(text) - 1) + 1):
        if text[:n] in SYLLABLES:
            found.update(text[0] + rest for rest in _splits(text[n:]))
        if len(found) > MOST:
            break
    return frozenset(found)
