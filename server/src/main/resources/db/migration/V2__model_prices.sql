-- Model prices: what an LLM call costs, by model-name pattern, unit and effective date.
--
-- Prices are USD per 1,000,000 units (tokens, characters, milliseconds or images).
-- cached_input_cost is the price of prompt tokens served from the provider's prompt cache (OpenAI
-- "cached input", Anthropic "cache read", Gemini "context caching", DeepSeek "cache hit"); null
-- means no discount, i.e. cached tokens are billed at input_cost.
-- A row applies to runs that started at or after start_date; a price change is a new row with a
-- later start_date, so older runs keep their old price. org_id null = a global row; an org's own
-- rows always win over global ones (see ModelPriceTable for the selection rules).
-- pattern is a Java regular expression searched in the run's model name (find, not full match, as
-- Lunary's JavaScript RegExp.test): the seeded patterns anchor themselves with ^...$.
create table model_price (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  pattern text not null,
  unit text not null check (unit in ('TOKENS', 'CHARACTERS', 'MILLISECONDS', 'IMAGES')),
  input_cost double precision not null check (input_cost >= 0),
  output_cost double precision not null check (output_cost >= 0),
  cached_input_cost double precision check (cached_input_cost >= 0),
  tokenizer text,
  provider text,
  start_date timestamptz not null default '2020-01-01T00:00:00Z',
  org_id uuid references org (id) on delete cascade,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index model_price_org_idx on model_price (org_id, updated_at desc);

-- ---------------------------------------------------------------------------------------------
-- Seed: global list prices (standard tier, pay-as-you-go, short-context tier where a provider has
-- two) compiled from the vendors' public pricing pages as of December 2025, the most recent
-- information available when this migration was written. Newer prices belong in a new migration
-- (a row with a later start_date) or, per organisation, through /v1/models.
-- The first known price of a model starts at 2020-01-01 ("since always"); a price change carries
-- the date it took effect. Not modelled: batch/flex/priority tiers, long-context surcharges,
-- Anthropic cache writes, audio/image tokens.
--
-- Pattern grammar: an optional routing prefix (openai/, azure/, openrouter's anthropic/,
-- models/, Bedrock's us.anthropic. ...), the family, then only the version suffixes that family
-- uses (dates, -latest, -001, Bedrock -v1:0, Vertex @20240620). A family never matches another
-- one: gpt-4o does not match gpt-4o-mini, claude-sonnet-4 does not match claude-sonnet-4-5.
-- ---------------------------------------------------------------------------------------------

-- OpenAI. Dated snapshots are -YYYY-MM-DD; Azure spells gpt-3.5 as gpt-35.
insert into model_price (name, pattern, unit, input_cost, cached_input_cost, output_cost, tokenizer, provider, start_date)
select p.name, '^(?:[\w.-]+/)*(?:' || p.family || ')$', 'TOKENS', p.input::float8, p.cached::float8, p.output::float8,
       p.tokenizer, 'openai', p.since::timestamptz
from (values
  -- gpt-4o: the alias moved from the 2024-05-13 snapshot (5/15) to 2024-08-06 (2.5/10) on 2024-10-02.
  ('gpt-4o', 'gpt-4o', 5.00, null, 15.00, 'o200k_base', '2020-01-01'),
  ('gpt-4o', 'gpt-4o', 2.50, 1.25, 10.00, 'o200k_base', '2024-10-02'),
  ('gpt-4o', 'gpt-4o-(?!2024-05-13)\d{4}-\d{2}-\d{2}', 2.50, 1.25, 10.00, 'o200k_base', '2020-01-01'),
  ('gpt-4o-2024-05-13', 'gpt-4o-2024-05-13', 5.00, null, 15.00, 'o200k_base', '2020-01-01'),
  ('chatgpt-4o-latest', 'chatgpt-4o-latest', 5.00, null, 15.00, 'o200k_base', '2020-01-01'),
  ('gpt-4o-mini', 'gpt-4o-mini(?:-\d{4}-\d{2}-\d{2})?', 0.15, 0.075, 0.60, 'o200k_base', '2020-01-01'),
  ('gpt-4.1', 'gpt-4\.1(?:-\d{4}-\d{2}-\d{2})?', 2.00, 0.50, 8.00, 'o200k_base', '2020-01-01'),
  ('gpt-4.1-mini', 'gpt-4\.1-mini(?:-\d{4}-\d{2}-\d{2})?', 0.40, 0.10, 1.60, 'o200k_base', '2020-01-01'),
  ('gpt-4.1-nano', 'gpt-4\.1-nano(?:-\d{4}-\d{2}-\d{2})?', 0.10, 0.025, 0.40, 'o200k_base', '2020-01-01'),
  ('gpt-4.5-preview', 'gpt-4\.5-preview(?:-\d{4}-\d{2}-\d{2})?', 75.00, 37.50, 150.00, 'o200k_base', '2020-01-01'),
  ('gpt-5', 'gpt-5(?:-chat-latest|-codex)?(?:-\d{4}-\d{2}-\d{2})?', 1.25, 0.125, 10.00, 'o200k_base', '2020-01-01'),
  ('gpt-5-mini', 'gpt-5-mini(?:-\d{4}-\d{2}-\d{2})?', 0.25, 0.025, 2.00, 'o200k_base', '2020-01-01'),
  ('gpt-5-nano', 'gpt-5-nano(?:-\d{4}-\d{2}-\d{2})?', 0.05, 0.005, 0.40, 'o200k_base', '2020-01-01'),
  ('gpt-5-pro', 'gpt-5-pro(?:-\d{4}-\d{2}-\d{2})?', 15.00, null, 120.00, 'o200k_base', '2020-01-01'),
  ('gpt-5.1', 'gpt-5\.1(?:-chat-latest|-codex)?(?:-\d{4}-\d{2}-\d{2})?', 1.25, 0.125, 10.00, 'o200k_base', '2020-01-01'),
  ('gpt-5.1-codex-mini', 'gpt-5\.1-codex-mini(?:-\d{4}-\d{2}-\d{2})?', 0.25, 0.025, 2.00, 'o200k_base', '2020-01-01'),
  ('gpt-5.2', 'gpt-5\.2(?:-chat-latest)?(?:-\d{4}-\d{2}-\d{2})?', 1.75, 0.175, 14.00, 'o200k_base', '2020-01-01'),
  ('o1', 'o1(?:-\d{4}-\d{2}-\d{2})?', 15.00, 7.50, 60.00, 'o200k_base', '2020-01-01'),
  ('o1-preview', 'o1-preview(?:-\d{4}-\d{2}-\d{2})?', 15.00, 7.50, 60.00, 'o200k_base', '2020-01-01'),
  -- o1-mini was cut to o3-mini's price when o3-mini launched.
  ('o1-mini', 'o1-mini(?:-\d{4}-\d{2}-\d{2})?', 3.00, 1.50, 12.00, 'o200k_base', '2020-01-01'),
  ('o1-mini', 'o1-mini(?:-\d{4}-\d{2}-\d{2})?', 1.10, 0.55, 4.40, 'o200k_base', '2025-01-31'),
  ('o1-pro', 'o1-pro(?:-\d{4}-\d{2}-\d{2})?', 150.00, null, 600.00, 'o200k_base', '2020-01-01'),
  -- o3 was cut by 80% on 2025-06-10.
  ('o3', 'o3(?:-\d{4}-\d{2}-\d{2})?', 10.00, 2.50, 40.00, 'o200k_base', '2020-01-01'),
  ('o3', 'o3(?:-\d{4}-\d{2}-\d{2})?', 2.00, 0.50, 8.00, 'o200k_base', '2025-06-10'),
  ('o3-mini', 'o3-mini(?:-\d{4}-\d{2}-\d{2})?', 1.10, 0.55, 4.40, 'o200k_base', '2020-01-01'),
  ('o3-pro', 'o3-pro(?:-\d{4}-\d{2}-\d{2})?', 20.00, null, 80.00, 'o200k_base', '2020-01-01'),
  ('o4-mini', 'o4-mini(?:-\d{4}-\d{2}-\d{2})?', 1.10, 0.275, 4.40, 'o200k_base', '2020-01-01'),
  ('gpt-4-turbo', 'gpt-4-turbo(?:-preview|-\d{4}-\d{2}-\d{2})?|gpt-4-(?:1106|0125)-preview|gpt-4(?:-1106)?-vision-preview', 10.00, null, 30.00, 'cl100k_base', '2020-01-01'),
  ('gpt-4', 'gpt-4(?:-0613|-0314)?', 30.00, null, 60.00, 'cl100k_base', '2020-01-01'),
  ('gpt-4-32k', 'gpt-4-32k(?:-0613|-0314)?', 60.00, null, 120.00, 'cl100k_base', '2020-01-01'),
  -- gpt-3.5-turbo: the alias moved to the 0125 snapshot on 2024-02-16.
  ('gpt-3.5-turbo', 'gpt-3\.?5-turbo', 1.50, null, 2.00, 'cl100k_base', '2020-01-01'),
  ('gpt-3.5-turbo', 'gpt-3\.?5-turbo', 0.50, null, 1.50, 'cl100k_base', '2024-02-16'),
  ('gpt-3.5-turbo-0125', 'gpt-3\.?5-turbo-0125', 0.50, null, 1.50, 'cl100k_base', '2020-01-01'),
  ('gpt-3.5-turbo-1106', 'gpt-3\.?5-turbo-1106', 1.00, null, 2.00, 'cl100k_base', '2020-01-01'),
  ('gpt-3.5-turbo-0613', 'gpt-3\.?5-turbo-(?:0613|0301)', 1.50, null, 2.00, 'cl100k_base', '2020-01-01'),
  ('gpt-3.5-turbo-16k', 'gpt-3\.?5-turbo-16k(?:-0613)?', 3.00, null, 4.00, 'cl100k_base', '2020-01-01'),
  ('gpt-3.5-turbo-instruct', 'gpt-3\.?5-turbo-instruct(?:-0914)?', 1.50, null, 2.00, 'cl100k_base', '2020-01-01'),
  ('text-embedding-3-small', 'text-embedding-3-small', 0.02, null, 0.00, 'cl100k_base', '2020-01-01'),
  ('text-embedding-3-large', 'text-embedding-3-large', 0.13, null, 0.00, 'cl100k_base', '2020-01-01'),
  ('text-embedding-ada-002', 'text-embedding-ada-002', 0.10, null, 0.00, 'cl100k_base', '2020-01-01')
) as p(name, family, input, cached, output, tokenizer, since);

-- Anthropic. Names as the API (claude-3-5-sonnet-20241022, claude-sonnet-4-0, -latest), OpenRouter
-- (anthropic/claude-3.5-sonnet, :thinking), Bedrock (us.anthropic.claude-...-20241022-v2:0) and
-- Vertex (claude-3-5-sonnet-v2@20241022, claude-sonnet-4-5@20250929) spell them.
-- cached_input_cost is the cache-read price (0.1x input).
insert into model_price (name, pattern, unit, input_cost, cached_input_cost, output_cost, tokenizer, provider, start_date)
select p.name,
       '^(?:[\w.-]+/)*(?:(?:[a-z]+\.)?anthropic\.)?(?:' || p.family
         || ')(?:-latest|-0|-v\d+)?(?:[-@]\d{8})?(?:-v\d+(?::\d+)?)?(?::[\w-]+)?$',
       'TOKENS', p.input::float8, p.cached::float8, p.output::float8, 'cl100k_base', 'anthropic', '2020-01-01'::timestamptz
from (values
  ('claude-3-haiku', 'claude-3-haiku', 0.25, 0.03, 1.25),
  ('claude-3-sonnet', 'claude-3-sonnet', 3.00, 0.30, 15.00),
  ('claude-3-opus', 'claude-3-opus', 15.00, 1.50, 75.00),
  ('claude-3.5-haiku', 'claude-3[.-]5-haiku', 0.80, 0.08, 4.00),
  ('claude-3.5-sonnet', 'claude-3[.-]5-sonnet', 3.00, 0.30, 15.00),
  ('claude-3.7-sonnet', 'claude-3[.-]7-sonnet', 3.00, 0.30, 15.00),
  ('claude-sonnet-4', 'claude-sonnet-4|claude-4-sonnet', 3.00, 0.30, 15.00),
  ('claude-opus-4', 'claude-opus-4|claude-4-opus', 15.00, 1.50, 75.00),
  ('claude-opus-4.1', 'claude-opus-4[.-]1', 15.00, 1.50, 75.00),
  ('claude-sonnet-4.5', 'claude-sonnet-4[.-]5', 3.00, 0.30, 15.00),
  ('claude-haiku-4.5', 'claude-haiku-4[.-]5', 1.00, 0.10, 5.00),
  ('claude-opus-4.5', 'claude-opus-4[.-]5', 5.00, 0.50, 25.00),
  ('claude-2', 'claude-2(?:\.[01])?', 8.00, null, 24.00),
  ('claude-instant-1', 'claude-instant-1(?:\.2)?', 0.80, null, 2.40)
) as p(name, family, input, cached, output);

-- Google Gemini API (per token; the short-context tier: <=128k for 1.5, <=200k for 2.5/3 Pro).
-- Versions: -001, -latest, -exp-0827, -preview-05-20, -preview-09-2025; models/ and google/
-- prefixes. -lite, -8b, -image, -tts, -thinking variants are other families.
insert into model_price (name, pattern, unit, input_cost, cached_input_cost, output_cost, tokenizer, provider, start_date)
select p.name,
       '^(?:[\w.-]+/)*(?:' || p.family || ')(?:-\d{3}|-latest|-(?:exp|preview)(?:-[\d-]+)?)?$',
       'TOKENS', p.input::float8, p.cached::float8, p.output::float8, 'cl100k_base', 'google', p.since::timestamptz
from (values
  ('gemini-1.5-flash', 'gemini-1\.5-flash', 0.35, null, 1.05, '2020-01-01'),
  ('gemini-1.5-flash', 'gemini-1\.5-flash', 0.075, 0.01875, 0.30, '2024-08-12'),
  ('gemini-1.5-flash-8b', 'gemini-1\.5-flash-8b', 0.0375, 0.01, 0.15, '2020-01-01'),
  ('gemini-1.5-pro', 'gemini-1\.5-pro', 3.50, null, 10.50, '2020-01-01'),
  ('gemini-1.5-pro', 'gemini-1\.5-pro', 1.25, 0.3125, 5.00, '2024-10-01'),
  ('gemini-2.0-flash', 'gemini-2\.0-flash', 0.10, 0.025, 0.40, '2020-01-01'),
  ('gemini-2.0-flash-lite', 'gemini-2\.0-flash-lite', 0.075, null, 0.30, '2020-01-01'),
  ('gemini-2.5-flash', 'gemini-2\.5-flash', 0.30, 0.03, 2.50, '2020-01-01'),
  ('gemini-2.5-flash-lite', 'gemini-2\.5-flash-lite', 0.10, 0.01, 0.40, '2020-01-01'),
  ('gemini-2.5-pro', 'gemini-2\.5-pro', 1.25, 0.125, 10.00, '2020-01-01'),
  ('gemini-3-pro', 'gemini-3-pro', 2.00, 0.20, 12.00, '2020-01-01'),
  ('gemini-embedding-001', 'gemini-embedding', 0.15, null, 0.00, '2020-01-01')
) as p(name, family, input, cached, output, since);

-- Mistral (La Plateforme). Versions are -latest or -YYMM.
insert into model_price (name, pattern, unit, input_cost, cached_input_cost, output_cost, tokenizer, provider, start_date)
select p.name, '^(?:[\w.-]+/)*(?:' || p.family || ')$', 'TOKENS', p.input::float8, null, p.output::float8,
       'cl100k_base', 'mistral', p.since::timestamptz
from (values
  -- mistral-large: the alias moved from Large 2402 (4/12) to Large 2 (2/6) on 2024-07-24.
  ('mistral-large', 'mistral-large(?:-latest)?', 4.00, 12.00, '2020-01-01'),
  ('mistral-large', 'mistral-large(?:-latest)?', 2.00, 6.00, '2024-07-24'),
  ('mistral-large', 'mistral-large-(?:2407|2411)', 2.00, 6.00, '2020-01-01'),
  ('mistral-large-2402', 'mistral-large-2402', 4.00, 12.00, '2020-01-01'),
  ('mistral-medium-3', 'mistral-medium-(?:latest|25\d{2})|mistral-medium-3', 0.40, 2.00, '2020-01-01'),
  ('mistral-medium', 'mistral-medium(?:-2312)?', 2.70, 8.10, '2020-01-01'),
  ('mistral-small', 'mistral-small(?:-latest|-25\d{2})?', 0.10, 0.30, '2020-01-01'),
  ('mistral-small-2409', 'mistral-small-2409', 0.20, 0.60, '2020-01-01'),
  ('codestral', 'codestral(?:-latest|-25\d{2})?', 0.30, 0.90, '2020-01-01'),
  ('ministral-8b', 'ministral-8b(?:-latest|-\d{4})?', 0.10, 0.10, '2020-01-01'),
  ('ministral-3b', 'ministral-3b(?:-latest|-\d{4})?', 0.04, 0.04, '2020-01-01'),
  ('mistral-nemo', '(?:open-)?mistral-nemo(?:-latest|-\d{4})?', 0.15, 0.15, '2020-01-01'),
  ('pixtral-large', 'pixtral-large(?:-latest|-\d{4})?', 2.00, 6.00, '2020-01-01'),
  ('pixtral-12b', 'pixtral-12b(?:-latest|-\d{4})?', 0.15, 0.15, '2020-01-01'),
  ('magistral-medium', 'magistral-medium(?:-latest|-\d{4})?', 2.00, 5.00, '2020-01-01'),
  ('magistral-small', 'magistral-small(?:-latest|-\d{4})?', 0.50, 1.50, '2020-01-01'),
  ('devstral-medium', 'devstral-medium(?:-latest|-\d{4})?', 0.40, 2.00, '2020-01-01'),
  ('devstral-small', 'devstral-small(?:-latest|-\d{4})?', 0.10, 0.30, '2020-01-01'),
  ('open-mistral-7b', 'open-mistral-7b', 0.25, 0.25, '2020-01-01'),
  ('open-mixtral-8x7b', 'open-mixtral-8x7b', 0.70, 0.70, '2020-01-01'),
  ('open-mixtral-8x22b', 'open-mixtral-8x22b', 2.00, 6.00, '2020-01-01'),
  ('mistral-embed', 'mistral-embed', 0.10, 0.00, '2020-01-01')
) as p(name, family, input, output, since);

-- Meta Llama, priced per host: each host names the model its own way, so the name tells the host.
-- A bare "llama-3.3-70b-instruct" names no host and stays unpriced.
insert into model_price (name, pattern, unit, input_cost, cached_input_cost, output_cost, tokenizer, provider, start_date)
select p.name, p.pattern, 'TOKENS', p.input::float8, null, p.output::float8, 'cl100k_base', p.provider, '2020-01-01'::timestamptz
from (values
  ('llama-3.3-70b (Groq)', '^(?:groq/)?llama-3\.3-70b-versatile$', 0.59, 0.79, 'groq'),
  ('llama-3.1-8b (Groq)', '^(?:groq/)?llama-3\.1-8b-instant$', 0.05, 0.08, 'groq'),
  ('llama-3-70b (Groq)', '^(?:groq/)?llama3-70b-8192$', 0.59, 0.79, 'groq'),
  ('llama-3-8b (Groq)', '^(?:groq/)?llama3-8b-8192$', 0.05, 0.08, 'groq'),
  ('llama-4-scout (Groq)', '^(?:groq/)?meta-llama/llama-4-scout-17b-16e-instruct$', 0.11, 0.34, 'groq'),
  ('llama-4-maverick (Groq)', '^(?:groq/)?meta-llama/llama-4-maverick-17b-128e-instruct$', 0.20, 0.60, 'groq'),
  ('llama-3.3-70b (Together)', '^(?:together_ai/)?meta-llama/Llama-3\.3-70B-Instruct-Turbo$', 0.88, 0.88, 'together'),
  ('llama-3.1-8b (Together)', '^(?:together_ai/)?meta-llama/Meta-Llama-3\.1-8B-Instruct-Turbo$', 0.18, 0.18, 'together'),
  ('llama-3.1-70b (Together)', '^(?:together_ai/)?meta-llama/Meta-Llama-3\.1-70B-Instruct-Turbo$', 0.88, 0.88, 'together'),
  ('llama-3.1-405b (Together)', '^(?:together_ai/)?meta-llama/Meta-Llama-3\.1-405B-Instruct-Turbo$', 3.50, 3.50, 'together'),
  ('llama-4-scout (Together)', '^(?:together_ai/)?meta-llama/Llama-4-Scout-17B-16E-Instruct$', 0.18, 0.59, 'together'),
  ('llama-4-maverick (Together)', '^(?:together_ai/)?meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8$', 0.27, 0.85, 'together'),
  ('llama-3.1-405b (Fireworks)', '^(?:fireworks_ai/)?accounts/fireworks/models/llama-v3p1-405b-instruct$', 3.00, 3.00, 'fireworks'),
  ('llama-3.1-70b (Fireworks)', '^(?:fireworks_ai/)?accounts/fireworks/models/llama-v3p1-70b-instruct$', 0.90, 0.90, 'fireworks'),
  ('llama-3.1-8b (Fireworks)', '^(?:fireworks_ai/)?accounts/fireworks/models/llama-v3p1-8b-instruct$', 0.20, 0.20, 'fireworks'),
  ('llama-3.3-70b (Fireworks)', '^(?:fireworks_ai/)?accounts/fireworks/models/llama-v3p3-70b-instruct$', 0.90, 0.90, 'fireworks'),
  ('llama-3.3-70b (Bedrock)', '^(?:bedrock/)?(?:[a-z]+\.)?meta\.llama3-3-70b-instruct-v1(?::0)?$', 0.72, 0.72, 'bedrock'),
  ('llama-3.1-70b (Bedrock)', '^(?:bedrock/)?(?:[a-z]+\.)?meta\.llama3-1-70b-instruct-v1(?::0)?$', 0.72, 0.72, 'bedrock'),
  ('llama-3.1-8b (Bedrock)', '^(?:bedrock/)?(?:[a-z]+\.)?meta\.llama3-1-8b-instruct-v1(?::0)?$', 0.22, 0.22, 'bedrock')
) as p(name, pattern, input, output, provider);

-- DeepSeek API. V3.1 pricing took effect 2025-09-05 (chat and reasoner unified); the V3.2-Exp
-- price cut 2025-09-29.
insert into model_price (name, pattern, unit, input_cost, cached_input_cost, output_cost, tokenizer, provider, start_date)
select p.name, '^(?:deepseek/)?' || p.name || '$', 'TOKENS', p.input::float8, p.cached::float8, p.output::float8,
       'cl100k_base', 'deepseek', p.since::timestamptz
from (values
  ('deepseek-chat', 0.27, 0.07, 1.10, '2020-01-01'),
  ('deepseek-chat', 0.56, 0.07, 1.68, '2025-09-05'),
  ('deepseek-chat', 0.28, 0.028, 0.42, '2025-09-29'),
  ('deepseek-reasoner', 0.55, 0.14, 2.19, '2020-01-01'),
  ('deepseek-reasoner', 0.56, 0.07, 1.68, '2025-09-05'),
  ('deepseek-reasoner', 0.28, 0.028, 0.42, '2025-09-29')
) as p(name, input, cached, output, since);

-- xAI Grok.
insert into model_price (name, pattern, unit, input_cost, cached_input_cost, output_cost, tokenizer, provider, start_date)
select p.name, '^(?:x-?ai/)?(?:' || p.family || ')$', 'TOKENS', p.input::float8, p.cached::float8, p.output::float8,
       'cl100k_base', 'xai', '2020-01-01'::timestamptz
from (values
  ('grok-beta', 'grok-beta', 5.00, null, 15.00),
  ('grok-2', 'grok-2(?:-\d{4}|-latest)?', 2.00, null, 10.00),
  ('grok-2-vision', 'grok-2-vision(?:-\d{4}|-latest)?', 2.00, null, 10.00),
  ('grok-3', 'grok-3(?:-beta|-latest)?', 3.00, 0.75, 15.00),
  ('grok-3-mini', 'grok-3-mini(?:-beta|-latest)?', 0.30, 0.075, 0.50),
  ('grok-4', 'grok-4(?:-\d{4}|-latest)?', 3.00, 0.75, 15.00),
  ('grok-4-fast', 'grok-4-fast(?:-reasoning|-non-reasoning)?(?:-latest)?', 0.20, 0.05, 0.50),
  ('grok-4.1-fast', 'grok-4[.-]1-fast(?:-reasoning|-non-reasoning)?(?:-latest)?', 0.20, 0.05, 0.50),
  ('grok-code-fast-1', 'grok-code-fast(?:-1)?(?:-\d{4})?', 0.20, 0.02, 1.50)
) as p(name, family, input, cached, output);

-- Cohere. command-r and command-r-plus without a date are the 2024 launch versions.
insert into model_price (name, pattern, unit, input_cost, cached_input_cost, output_cost, tokenizer, provider, start_date)
select p.name, '^(?:cohere/)?(?:' || p.family || ')$', 'TOKENS', p.input::float8, null, p.output::float8,
       'cl100k_base', 'cohere', '2020-01-01'::timestamptz
from (values
  ('command-a', 'command-a(?:-03-2025)?', 2.50, 10.00),
  ('command-r-plus', 'command-r-plus(?:-04-2024)?', 3.00, 15.00),
  ('command-r-plus-08-2024', 'command-r-plus-08-2024', 2.50, 10.00),
  ('command-r', 'command-r(?:-03-2024)?', 0.50, 1.50),
  ('command-r-08-2024', 'command-r-08-2024', 0.15, 0.60),
  ('command-r7b', 'command-r7b(?:-12-2024)?', 0.0375, 0.15),
  ('embed-v3.0', 'embed-(?:english|multilingual)(?:-light)?-v3\.0', 0.10, 0.00),
  ('embed-v4.0', 'embed-v4\.0', 0.12, 0.00)
) as p(name, family, input, output);
