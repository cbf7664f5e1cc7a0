export default {
  page: '第 {page} 页',
  pageOf: '第 {page} / {pages} 页',
  perPage: '{n} 条/页',
  prev: '上一页',
  next: '下一页',
}
