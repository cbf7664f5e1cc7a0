// One Chinese message per API error code, used when the server's own message is missing
// (the server's `message` is already Chinese and always wins), and for network failures.
export default {
  invalid_json: '请求格式错误，请刷新页面后重试',
  invalid_field: '填写的内容有误，请检查后重试',
  unknown_field: '请求包含系统不认识的字段，请刷新页面后重试',
  unauthenticated: '登录已过期，请重新登录',
  forbidden: '您没有执行此操作的权限',
  not_found: '记录不存在，或不在您的数据范围内',
  conflict: '当前状态下不能执行此操作，请刷新后重试',
  payload_too_large: '文件或内容过大',
  unsupported_media_type: '不支持的文件类型',
  unprocessable: '部分数据未通过校验，未导入任何内容',
  precondition_required: '缺少版本信息，请刷新页面后重试',
  precondition_failed: '记录已被他人修改，请刷新后重试',
  rate_limited: '操作过于频繁，请稍后再试',
  internal: '服务器内部错误，请稍后重试或联系管理员',
  network: '无法连接服务器，请检查网络后重试',
  timeout: '服务器响应超时，请稍后重试',
  unknown: '请求失败（HTTP {status}），请稍后重试',
  sessionExpired: '登录已过期，请重新登录',
}
