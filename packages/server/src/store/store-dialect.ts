// The two SQL dialects the Store runs on (a leaf module, so SQL helpers need not import the Store facade).
export type StoreDialect = 'sqlite' | 'postgres';
