/**
 * Translates the small subset of PostgREST's read API that SupabaseStore uses into SQL:
 * `select=*` or plain columns, `col=eq|neq|gt|gte|lt|lte.value` and `col=is.null` filters,
 * `order=col.asc|desc[.nullsfirst|.nullslast],...`, `limit`, `offset`. Anything else is
 * rejected, so a request outside the subset fails the test instead of being half-understood.
 */
export class UnsupportedRequest extends Error {
  override name = 'UnsupportedRequest';
}

export interface ReadQuery {
  /** SQL selecting the rows of the page. */
  rowsSql: string;
  /** SQL counting every row that matches the filters (without limit/offset). */
  countSql: string;
  params: string[];
  offset: number;
}

const OPS: Record<string, string> = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' };
const IDENT = /^[a-z_][a-z0-9_]*$/;

function column(name: string, columns: ReadonlySet<string>): string {
  if (!IDENT.test(name) || !columns.has(name)) throw new UnsupportedRequest(`unknown or unsupported column "${name}"`);
  return `"${name}"`;
}

function nonNegativeInt(name: string, v: string | null): number | undefined {
  if (v === null) return undefined;
  if (!/^\d+$/.test(v)) throw new UnsupportedRequest(`${name} must be a non-negative integer, got "${v}"`);
  return Number(v);
}

/** Builds the SQL for `GET /rest/v1/<table>?<search>`; `columns` are the table's columns. */
export function translateRead(table: string, search: URLSearchParams, columns: ReadonlySet<string>): ReadQuery {
  const params: string[] = [];
  const where: string[] = [];
  let select = '*';
  let order = '';
  for (const [key, value] of search) {
    if (key === 'select') {
      select = value === '*' ? '*' : value.split(',').map((c) => column(c, columns)).join(', ');
    } else if (key === 'order') {
      order = value
        .split(',')
        .map((part) => {
          const [col, dir = 'asc', nulls, ...rest] = part.split('.');
          if (rest.length > 0 || !['asc', 'desc'].includes(dir) || (nulls !== undefined && !['nullsfirst', 'nullslast'].includes(nulls))) {
            throw new UnsupportedRequest(`unsupported order "${part}"`);
          }
          return `${column(col ?? '', columns)} ${dir}${nulls ? ` nulls ${nulls.slice(5)}` : ''}`;
        })
        .join(', ');
    } else if (key === 'limit' || key === 'offset') {
      nonNegativeInt(key, value);
    } else {
      const dot = value.indexOf('.');
      const op = value.slice(0, dot);
      const operand = value.slice(dot + 1);
      if (dot < 0) throw new UnsupportedRequest(`filter "${key}=${value}" has no operator`);
      if (op === 'is' && operand === 'null') {
        where.push(`${column(key, columns)} is null`);
      } else if (OPS[op]) {
        params.push(operand);
        where.push(`${column(key, columns)} ${OPS[op]} $${params.length}`);
      } else {
        throw new UnsupportedRequest(`unsupported filter operator "${op}" in "${key}=${value}"`);
      }
    }
  }
  const limit = nonNegativeInt('limit', search.get('limit'));
  const offset = nonNegativeInt('offset', search.get('offset')) ?? 0;
  const whereSql = where.length > 0 ? ` where ${where.join(' and ')}` : '';
  const orderSql = order ? ` order by ${order}` : '';
  const pageSql = `${limit === undefined ? '' : ` limit ${limit}`}${offset ? ` offset ${offset}` : ''}`;
  return {
    rowsSql: `select ${select} from "${table}"${whereSql}${orderSql}${pageSql}`,
    countSql: `select count(*)::int as total from "${table}"${whereSql}`,
    params,
    offset,
  };
}
