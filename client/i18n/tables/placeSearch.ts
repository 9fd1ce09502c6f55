// Words of place-name search and nearby services: Chinese (the default) and English, read with t('placeSearch.<key>').
import type { Messages } from '../messages.ts';

export const zh = {
  searchIsUnavailableTry: '搜索暂时不可用，请稍后再试',
  placeNamesHanziPinyin: '搜地名：汉字、拼音或首字母',
  searchPlaceNames: '搜索地名',
  filterByCategory: '按类别筛选',
  noMatchingPlaceName: '没有找到匹配的地名',
  historical: '历史地名',
  formerly: '曾用名 ',
  also: '别名 ',
  nearbyServices: '附近的服务',
  nearbyServicesAreUnavailable: '暂时无法获取附近的服务',
  looking: '正在查找…',
  none: '无',
};

export const en: Messages<typeof zh> = {
  searchIsUnavailableTry: 'Search is unavailable; try again shortly',
  placeNamesHanziPinyin: 'Place names: Hanzi, pinyin or initials',
  searchPlaceNames: 'Search place names',
  filterByCategory: 'Filter by category',
  noMatchingPlaceName: 'No matching place name',
  historical: 'Historical',
  formerly: 'formerly ',
  also: 'also ',
  nearbyServices: 'Nearby services',
  nearbyServicesAreUnavailable: 'Nearby services are unavailable',
  looking: 'Looking…',
  none: 'None',
};
