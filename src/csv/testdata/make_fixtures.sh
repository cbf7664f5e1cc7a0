#!/usr/bin/env bash
# Makes the CSV fixtures of csv_test.cpp the way Excel on Chinese Windows writes them: CRLF after
# every row, a line break inside a cell as a bare LF inside quotes, quotes only where needed, and
# a final CRLF. The same rows are saved three ways, as Excel's "Save as" offers:
#   cases_gb18030.csv   "CSV (逗号分隔)" (code page 936, here GB18030: 𠀀 U+20000 is a
#                       four-byte GB18030 sequence, 95 32 82 36, that GBK cannot encode)
#   cases_utf8_bom.csv  "CSV UTF-8 (逗号分隔)"
#   cases_utf8.csv      the same without the BOM, as other programs write it
# Run from anywhere: src/csv/testdata/make_fixtures.sh (needs printf and glibc's iconv).
set -euo pipefail
cd "$(dirname "$0")"

printf '%s' \
  '案号,当事人,统一社会信用代码,立案日期'$'\r\n' \
  '（2024）晋07知民初12号,山西太行科技有限公司（晋中分公司）,91440300MA5F0T2K5H,2024/3/5'$'\r\n' \
  '（2024）晋07知民初13号,"张三'$'\n''李四",,2024/3/6'$'\r\n' \
  '（2024）晋07知民初14号,"北京𠀀创意设计有限公司,""𠀀""工作室",9144030071526726XG,2024/3/7'$'\r\n' \
  '（2024）晋07知民初15号,王五 ,,2024/3/8'$'\r\n' \
  >cases_utf8.csv
{ printf '\357\273\277'; cat cases_utf8.csv; } >cases_utf8_bom.csv
iconv -f UTF-8 -t GB18030 cases_utf8.csv >cases_gb18030.csv
