import type { Kysely } from 'kysely';

// The department's price list for cost reports. Every edit adds a row, so earlier cost
// reports can be explained by the prices of their day; the newest row is in force.
// Prices are whole đồng (bigint, because PostgreSQL's integer stops at about 2.1 billion),
// VAT rates are basis points (1000 = 10%).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_price_lists')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('department_id', 'text', (column) => column.notNull().references('departments.id'))
    .addColumn('reader_price', 'bigint', (column) => column.notNull())
    .addColumn('reader_vat_rate', 'integer', (column) => column.notNull())
    .addColumn('licence_price_per_unit_year', 'bigint', (column) => column.notNull())
    .addColumn('licence_vat_rate', 'integer', (column) => column.notNull())
    .addColumn('verification_fee_per_check', 'bigint', (column) => column.notNull())
    .addColumn('verification_vat_rate', 'integer', (column) => column.notNull())
    .addColumn('created_by', 'text', (column) => column.references('users.id'))
    .addColumn('created_at', 'text', (column) => column.notNull())
    .execute();

  await db.schema.createIndex('report_price_lists_department_created').on('report_price_lists').columns(['department_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_price_lists').execute();
}
