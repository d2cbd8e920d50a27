-- 创建数据库和用户
CREATE DATABASE keystone;
GRANT ALL PRIVILEGES ON keystone.* TO 'keystone'@'localhost' IDENTIFIED BY 'KEYSTONE_DBPASS';

/* 用户表
   多行注释 */
create table users (
    id        serial PRIMARY KEY,
    name      varchar(64) NOT NULL UNIQUE,
    "Display" text DEFAULT 'it''s me',
    created   timestamptz DEFAULT now(),
    score     numeric(5, 2) CHECK (score >= 0.5)
);

SELECT u.name, count(*) AS n
  FROM users u LEFT JOIN logins l ON l.user_id = u.id
 WHERE u.created > $1 AND `legacy` IS NULL
 GROUP BY u.name ORDER BY n DESC LIMIT 10;

CREATE FUNCTION touch() RETURNS trigger AS $body$
BEGIN
    NEW.updated := now(); -- 'not a string'
    RETURN NEW;
END;
$body$ LANGUAGE plpgsql;
SELECT $$dollar 'quoted'$$, E'tab\there', @count;
