#!/usr/bin/env bash
# Writes the sample work-order files of docs/data-exchange.md the way the platforms export them:
#   hotline_12345.csv  the 12345 hotline's export, UTF-8 with a BOM, CRLF
#   hotline_12315.csv  the 12315 platform's export as Excel on Chinese Windows saves it: GB18030
# Both import cleanly into the demo database (`shenguan demo`), whose agencies they name:
#   shenguan import docs/examples/hotline_12345.csv --mapping hotline_12345 --db sqlite:shenguan.db
#   shenguan import docs/examples/hotline_12315.csv --mapping hotline_12315 --db sqlite:shenguan.db
# Run from anywhere (needs printf and glibc's iconv).
set -euo pipefail
cd "$(dirname "$0")"

{
  printf '\357\273\277'
  printf '%s\r\n' \
    '工单编号,受理时间,诉求人,联系电话,证件号码,诉求类型,诉求内容,被投诉单位,统一社会信用代码,被投诉单位地址,处理单位,商品,回访结果' \
    'JZ12345-20240520-0101,2024-05-20 10:31:00,王芳,13912345678,11010519491231002X,投诉,"在该店购买的“3M”口罩包装印刷粗糙，疑似假冒注册商标，要求退货并查处。",榆次区汇元医疗器械有限公司,91140702MA59YCJDXH,晋中市榆次区顺城街18号,榆次区市场监督管理局,3M；口罩,已回访' \
    'JZ12345-20240521-0102,2024/5/21,李强,0354-3012345,,举报,"举报一服装店销售假冒""耐克""商标运动鞋，
店内有大量库存。",太谷区鑫达服装店,,太谷区金谷街6号,太谷区市场监督管理局,耐克；运动鞋,' \
    'JZ12345-20240522-0103,2024年5月22日,匿名,,,咨询投诉,网购的平遥牛肉无地理标志专用标志，怀疑冒用。,,,,晋中市市场监督管理局,平遥牛肉,'
} >hotline_12345.csv

printf '%s\r\n' \
  '工单编号,登记时间,投诉人,联系电话,被投诉人,统一社会信用代码,投诉内容,问题分类,承办单位,商品名称,品牌' \
  '3514070020240515000123,2024-05-15 09:12:40,赵磊,13603541234,祁县茂佳药店,92140727MA15H67L9D,购买的“创荣”牌保健品与正品包装不一致，怀疑假冒。,商标侵权投诉,祁县市场监督管理局,保健品,创荣' \
  '3514070020240516000456,2024-05-16 15:40:02,孙丽,13834567890,平遥县古城特产商店,,店内销售的牛肉标注“平遥牛肉”地理标志但无授权。,地理标志举报,平遥县市场监督管理局,牛肉,平遥牛肉' \
  | iconv -f UTF-8 -t GB18030 >hotline_12315.csv
