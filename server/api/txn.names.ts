/** 交易令 as people read them (ledger.md, Transaction codes). */
export const TXN_NAMES: Record<string, string> = {
  T01: '接收上级指标',
  T02: '本级安排',
  T03: '登记到专项资金',
  T04: '细化本级支出',
  T05: '转移下级',
  T06: '横向转移',
  T07: '支付计划',
  T08: '实际支付',
  T09: '红字更正',
  T10: '年终结转',
};

export const txnName = (code: string): string => TXN_NAMES[code] ?? code;
