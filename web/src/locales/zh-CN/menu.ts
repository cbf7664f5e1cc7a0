export default {
  home: '首页',
  workbench: '案件工作台',
  admin: '系统管理',
  forbidden: '无权访问',
  notFound: '页面不存在',
}
