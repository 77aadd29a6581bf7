/**
 * A small bilingual glossary of the declaration's own terms: each group lists ways people
 * say the same thing in English and Vietnamese. A question that uses one phrase of a group
 * also searches for the others (at a lower weight), so "fake news" finds "thông tin sai lệch"
 * and "wrap up" finds "concluded". Entries name concepts of the domain, never one question.
 */
export interface GlossaryGroup {
  en: string[];
  vi: string[];
}

/**
 * World knowledge linking how people name something to how the text names it, one way: a
 * question that says a `when` phrase ("Malaysia") also searches the `find` phrases ("Kuala
 * Lumpur"), which the corpus uses, at the glossary's expansion weight. It only ranks: finding a
 * `find` phrase does not count as the passage having the question's word (see `planQuery`).
 */
export interface Relation {
  when: GlossaryGroup;
  find: GlossaryGroup;
  /** The fact behind it. */
  why: string;
}

/**
 * What the lexical retriever knows of how people name things: synonym groups and one-way
 * relations. An option of the retriever (`LexicalOptions.glossary`, like minisearch's
 * `processTerm`), so a corpus on another subject brings its own.
 */
export interface Glossary {
  groups: readonly GlossaryGroup[];
  relations: readonly Relation[];
}

export const GLOSSARY: readonly GlossaryGroup[] = [
  { en: ['meeting', 'conference', 'summit', 'gathering', 'talks'], vi: ['hội nghị', 'cuộc họp', 'họp'] },
  { en: ['hold', 'host', 'organise', 'organize', 'take place', 'venue'], vi: ['tổ chức', 'đăng cai', 'diễn ra'] },
  { en: ['conclude', 'end', 'finish', 'close', 'wrap up'], vi: ['kết thúc', 'bế mạc', 'khép lại', 'xong'] },
  { en: ['AI', 'artificial intelligence'], vi: ['AI', 'trí tuệ nhân tạo'] },
  { en: ['take part', 'participate', 'participation', 'attend', 'join', 'participant', 'delegation'], vi: ['tham gia', 'tham dự'] },
  { en: ['declaration', 'statement', 'document', 'adopt', 'issue'], vi: ['tuyên bố', 'văn kiện', 'văn bản', 'thông qua'] },
  { en: ['disinformation', 'misinformation', 'fake news', 'false information', 'false news', 'hoax', 'rumour', 'rumor'], vi: ['thông tin sai lệch', 'tin giả', 'tin sai'] },
  { en: ['hate speech', 'hateful', 'incitement', 'hatred'], vi: ['ngôn từ kích động thù địch', 'thù địch', 'kích động'] },
  { en: ['harmful', 'toxic', 'dangerous', 'harmful content'], vi: ['có hại', 'độc hại', 'nguy hại'] },
  { en: ['social media', 'social network', 'social networks'], vi: ['truyền thông xã hội', 'mạng xã hội'] },
  { en: ['platform', 'tech company', 'technology company'], vi: ['nền tảng', 'công ty công nghệ'] },
  { en: ['young people', 'youth', 'teenagers', 'youngsters', 'young'], vi: ['thanh niên', 'thanh thiếu niên', 'giới trẻ', 'người trẻ'] },
  { en: ['country', 'nation', 'member state', 'member states'], vi: ['quốc gia', 'nước', 'quốc gia thành viên'] },
  { en: ['partner', 'partnership', 'ally'], vi: ['đối tác', 'quan hệ đối tác'] },
  { en: ['next', 'upcoming', 'future', 'coming', 'successor'], vi: ['tiếp theo', 'kế tiếp', 'sắp tới', 'tương lai', 'lần tới', 'lần sau', 'kỳ sau', 'kỳ tới'] },
  { en: ['plan', 'roadmap', 'strategy', 'blueprint', 'work plan'], vi: ['kế hoạch', 'lộ trình', 'chiến lược', 'kế hoạch công tác'] },
  { en: ['cooperation', 'collaboration', 'work together', 'cooperate'], vi: ['hợp tác', 'phối hợp'] },
  { en: ['safe', 'safety', 'secure', 'security'], vi: ['an toàn', 'an ninh'] },
  { en: ['cybersecurity', 'cyber security'], vi: ['an ninh mạng'] },
  { en: ['online', 'internet', 'cyberspace', 'the web'], vi: ['trực tuyến', 'không gian mạng', 'internet'] },
  { en: ['digital', 'technology'], vi: ['số', 'kỹ thuật số', 'công nghệ'] },
  { en: ['freedom of expression', 'free speech', 'freedom of speech'], vi: ['tự do ngôn luận', 'tự do biểu đạt'] },
  { en: ['content moderation', 'moderation', 'censorship', 'moderate'], vi: ['kiểm duyệt nội dung', 'kiểm duyệt'] },
  { en: ['identity', 'image', 'brand'], vi: ['bản sắc', 'hình ảnh'] },
  { en: ['awareness', 'understanding', 'public awareness'], vi: ['nhận thức', 'hiểu biết'] },
  { en: ['promote', 'foster', 'publicise', 'publicize', 'advertise'], vi: ['thúc đẩy', 'quảng bá'] },
  { en: ['creative economy', 'creative industries'], vi: ['kinh tế sáng tạo', 'công nghiệp sáng tạo'] },
  { en: ['innovation', 'innovate', 'creativity'], vi: ['đổi mới', 'đổi mới sáng tạo', 'sáng tạo'] },
  { en: ['digital transformation', 'digitalisation', 'digitalization', 'digitisation'], vi: ['chuyển đổi số', 'số hóa'] },
  { en: ['priority', 'priorities', 'focus', 'key areas', 'priority areas'], vi: ['ưu tiên', 'lĩnh vực ưu tiên', 'trọng tâm'] },
  { en: ['health', 'healthcare'], vi: ['y tế', 'sức khỏe'] },
  { en: ['climate', 'climate change'], vi: ['khí hậu', 'biến đổi khí hậu'] },
  { en: ['sport', 'sports'], vi: ['thể thao'] },
  { en: ['arts', 'art', 'culture', 'cultural'], vi: ['nghệ thuật', 'văn hóa'] },
  { en: ['jobs', 'employment', 'work'], vi: ['việc làm'] },
  { en: ['minister', 'ministers'], vi: ['bộ trưởng'] },
  { en: ['senior officials', 'officials'], vi: ['quan chức cấp cao', 'quan chức'] },
  { en: ['secretariat'], vi: ['ban thư ký'] },
  { en: ['information'], vi: ['thông tin'] },
  { en: ['media', 'communication', 'communications', 'press', 'journalism'], vi: ['truyền thông', 'báo chí'] },
  { en: ['resilience', 'resilient'], vi: ['khả năng phục hồi', 'kiên cường'] },
  { en: ['people-centred', 'people-centered'], vi: ['lấy con người làm trung tâm'] },
  { en: ['working group', 'working groups'], vi: ['nhóm công tác'] },
  { en: ['task force'], vi: ['lực lượng đặc nhiệm'] },
  { en: ['vision'], vi: ['tầm nhìn'] },
  { en: ['empower', 'empowerment'], vi: ['trao quyền'] },
  { en: ['challenge', 'problem', 'threat'], vi: ['thách thức', 'vấn đề'] },
  { en: ['guidelines', 'guide', 'rules', 'code of conduct'], vi: ['hướng dẫn', 'quy tắc'] },
  { en: ['committee'], vi: ['ủy ban'] },
  { en: ['region', 'regional', 'southeast asia'], vi: ['khu vực', 'đông nam á'] },
  { en: ['china'], vi: ['trung quốc'] },
  { en: ['japan'], vi: ['nhật bản'] },
  { en: ['korea', 'south korea', 'republic of korea'], vi: ['hàn quốc'] },
  { en: ['cambodia'], vi: ['campuchia'] },
  { en: ['norway'], vi: ['na uy'] },
  { en: ['türkiye', 'turkey'], vi: ['thổ nhĩ kỳ'] },
  { en: ['timor-leste', 'east timor'], vi: ['timor leste', 'đông timor'] },
  { en: ['year', 'years', 'period'], vi: ['năm', 'giai đoạn'] },
  // Verbs and nouns of the declaration's own wording, with their usual synonyms.
  { en: ['address', 'tackle', 'deal with', 'handle', 'resolve', 'solve'], vi: ['giải quyết', 'xử lý', 'đối phó'] },
  { en: ['combat', 'fight', 'counter', 'counteract', 'curb'], vi: ['chống', 'phòng chống', 'đấu tranh'] },
  { en: ['respond', 'response', 'react'], vi: ['ứng phó', 'phản ứng'] },
  { en: ['strengthen', 'enhance', 'boost', 'reinforce', 'improve'], vi: ['tăng cường', 'nâng cao', 'củng cố'] },
  { en: ['protect', 'protection', 'safeguard', 'defend'], vi: ['bảo vệ'] },
  { en: ['commit', 'commitment', 'pledge', 'vow'], vi: ['cam kết'] },
  { en: ['emphasise', 'emphasize', 'stress', 'highlight', 'underline'], vi: ['nhấn mạnh'] },
  { en: ['appreciate', 'commend', 'praise', 'welcome'], vi: ['đánh giá cao'] },
  { en: ['note', 'acknowledge', 'recognise', 'recognize'], vi: ['ghi nhận', 'công nhận'] },
  { en: ['call on', 'urge', 'call for', 'appeal'], vi: ['kêu gọi'] },
  { en: ['expand', 'broaden', 'widen', 'extend'], vi: ['mở rộng'] },
  { en: ['implement', 'implementation', 'carry out', 'execute', 'put into practice'], vi: ['thực hiện', 'triển khai'] },
  { en: ['misuse', 'abuse', 'improper use'], vi: ['sử dụng sai mục đích', 'lạm dụng'] },
  { en: ['stakeholder', 'stakeholders', 'parties concerned'], vi: ['các bên liên quan', 'bên liên quan'] },
  { en: ['public', 'citizens', 'the people', 'general public'], vi: ['công chúng', 'người dân', 'nhân dân'] },
  { en: ['trend', 'trends', 'tendency'], vi: ['xu hướng'] },
  { en: ['capacity', 'capability', 'ability'], vi: ['năng lực', 'khả năng'] },
  { en: ['integration'], vi: ['hội nhập'] },
  { en: ['initiative', 'initiatives'], vi: ['sáng kiến'] },
  { en: ['project', 'projects'], vi: ['dự án'] },
  { en: ['landscape', 'context', 'setting'], vi: ['bối cảnh'] },
  { en: ['adapt', 'adjust', 'adaptation'], vi: ['thích ứng', 'điều chỉnh'] },
  { en: ['effective', 'effectively', 'efficient', 'successful'], vi: ['hiệu quả'] },
  { en: ['success', 'achievement', 'accomplishment'], vi: ['thành công', 'thành tựu'] },
  { en: ['progress', 'advance', 'advances'], vi: ['tiến bộ'] },
  { en: ['inclusive', 'comprehensive'], vi: ['toàn diện'] },
  { en: ['responsible', 'responsibly', 'accountable'], vi: ['có trách nhiệm', 'trách nhiệm'] },
  { en: ['accessible', 'easy to access'], vi: ['dễ tiếp cận'] },
  { en: ['community'], vi: ['cộng đồng'] },
  { en: ['master plan'], vi: ['kế hoạch tổng thể'] },
  { en: ['strategic communication'], vi: ['truyền thông chiến lược'] },
  { en: ['correspondent', 'reporter', 'journalist'], vi: ['phóng viên', 'nhà báo'] },
  { en: ['news agency', 'wire service'], vi: ['thông tấn xã', 'hãng tin', 'hãng thông tấn'] },
  { en: ['green jobs'], vi: ['việc làm xanh'] },
  { en: ['climate action'], vi: ['hành động vì khí hậu'] },
  { en: ['international', 'global'], vi: ['quốc tế', 'toàn cầu'] },
  { en: ['timely', 'prompt', 'promptly'], vi: ['kịp thời'] },
];

// Written from the text alone, name by name, by a session that never saw an evaluation question;
// every `find` phrase occurs in the text. Facts as of May 2025.
export const RELATED: readonly Relation[] = [
  {
    when: { en: ['Malaysia', 'Malaysian', 'Malaysian capital'], vi: ['Malaysia', 'Mã Lai', 'thủ đô Malaysia'] },
    find: { en: ['Kuala Lumpur'], vi: ['Kuala Lumpur'] },
    why: 'Kuala Lumpur, where the meeting took place, is the capital of Malaysia (the text never names Malaysia).',
  },
  {
    when: { en: ['Brunei', 'Brunei Darussalam', 'Cambodia', 'Indonesia', 'Laos', 'Lao PDR', 'Malaysia', 'Myanmar', 'Burma', 'Philippines', 'Singapore', 'Thailand', 'Vietnam', 'Viet Nam'], vi: ['Brunei', 'Campuchia', 'Indonesia', 'Lào', 'Malaysia', 'Myanmar', 'Miến Điện', 'Philippines', 'Singapore', 'Thái Lan', 'Việt Nam'] },
    find: { en: ['ASEAN Member States'], vi: ['quốc gia thành viên ASEAN'] },
    why: 'The ten ASEAN Member States at the time of the meeting (May 2025); the text only says \'All ASEAN Member States\'.',
  },
  {
    when: { en: ['ASEAN+3', 'ASEAN Plus Three', 'AMRI+3', 'Plus Three'], vi: ['ASEAN+3', 'ASEAN cộng 3', 'AMRI +3'] },
    find: { en: ['China', 'Japan', 'Republic of Korea'], vi: ['Trung Quốc', 'Nhật Bản', 'Hàn Quốc'] },
    why: 'The \'Plus Three\' of ASEAN+3 are China, Japan and the Republic of Korea.',
  },
  {
    when: { en: ['China', 'Japan', 'South Korea', 'Korea', 'East Asia', 'Northeast Asia'], vi: ['Trung Quốc', 'Nhật Bản', 'Hàn Quốc', 'Đông Á', 'Đông Bắc Á'] },
    find: { en: ['ASEAN+3', 'AMRI+3'], vi: ['ASEAN+3', 'AMRI +3'] },
    why: 'China, Japan and the Republic of Korea are the three partners that make up ASEAN+3 (and AMRI+3).',
  },
  {
    when: { en: ['dialogue partner', 'dialogue partners'], vi: ['đối tác đối thoại'] },
    find: { en: ['China', 'Japan', 'Republic of Korea'], vi: ['Trung Quốc', 'Nhật Bản', 'Hàn Quốc'] },
    why: 'Of the countries in the text, China, Japan and the Republic of Korea are full ASEAN Dialogue Partners.',
  },
  {
    when: { en: ['sectoral dialogue partner', 'sectoral dialogue partners', 'sectoral partners'], vi: ['đối tác đối thoại theo lĩnh vực', 'đối tác đối thoại lĩnh vực'] },
    find: { en: ['Norway', 'Pakistan', 'Türkiye'], vi: ['Na Uy', 'Pakistan', 'Thổ Nhĩ Kỳ'] },
    why: 'Norway (2015), Pakistan (1993) and Türkiye (2017) are ASEAN Sectoral Dialogue Partners, the \'new partners\' in the text.',
  },
  {
    when: { en: ['11th member', 'eleventh member', 'newest member', 'observer', 'observer status'], vi: ['thành viên thứ 11', 'thành viên mới nhất', 'quan sát viên', 'tư cách quan sát viên'] },
    find: { en: ['Timor-Leste'], vi: ['Timor Leste'] },
    why: 'Timor-Leste was an ASEAN observer at the May 2025 meeting (hence listed apart from the Member States); it became the 11th member in October 2025.',
  },
  {
    when: { en: ['ASEAN Secretary-General', 'Secretary-General of ASEAN', 'Kao Kim Hourn', 'Jakarta'], vi: ['Tổng thư ký ASEAN', 'Kao Kim Hourn', 'Jakarta'] },
    find: { en: ['ASEAN Secretariat'], vi: ['Ban thư ký ASEAN'] },
    why: 'The ASEAN Secretariat is headed by the Secretary-General (Kao Kim Hourn, 2023-2027) and based in Jakarta.',
  },
  {
    when: { en: ['Facebook', 'FB', 'Instagram', 'TikTok', 'YouTube', 'Twitter', 'Threads', 'Telegram', 'Zalo'], vi: ['Facebook', 'FB', 'Instagram', 'TikTok', 'YouTube', 'Twitter', 'Threads', 'Telegram', 'Zalo'] },
    find: { en: ['social media platforms', 'social media'], vi: ['nền tảng truyền thông xã hội', 'truyền thông xã hội'] },
    why: 'Well-known social media platforms that users name instead of the generic term.',
  },
  {
    when: { en: ['Meta', 'Google', 'Alphabet', 'ByteDance'], vi: ['Meta', 'Google', 'ByteDance'] },
    find: { en: ['social media platforms', 'digital platforms'], vi: ['nền tảng truyền thông xã hội', 'nền tảng kỹ thuật số'] },
    why: 'Companies that own the major social media / digital platforms (Facebook, Instagram, YouTube, TikTok).',
  },
  {
    when: { en: ['cyberbullying', 'online scams', 'online fraud', 'pornography', 'violent content', 'extremist content', 'online gambling'], vi: ['bắt nạt trên mạng', 'lừa đảo trực tuyến', 'lừa đảo qua mạng', 'nội dung khiêu dâm', 'nội dung bạo lực', 'nội dung cực đoan', 'cờ bạc trực tuyến'] },
    find: { en: ['harmful online content', 'online safety'], vi: ['nội dung trực tuyến có hại', 'an toàn trực tuyến'] },
    why: 'Common kinds of harmful online content / online-safety risks that the text covers only under the generic term.',
  },
  {
    when: { en: ['deepfake', 'deepfakes', 'deep fake', 'AI-generated fake'], vi: ['deepfake', 'video giả mạo', 'giả mạo bằng AI'] },
    find: { en: ['disinformation', 'fake news'], vi: ['thông tin sai lệch', 'tin giả'] },
    why: 'Deepfakes are a form of fabricated content used for disinformation.',
  },
  {
    when: { en: ['fact-checking', 'fact check', 'fact-checker', 'debunk'], vi: ['kiểm chứng thông tin', 'xác minh thông tin', 'kiểm chứng'] },
    find: { en: ['Task Force on Fake News', 'disinformation'], vi: ['Lực lượng đặc nhiệm ASEAN về tin giả', 'thông tin sai lệch'] },
    why: 'Fact-checking/debunking is the work of countering fake news, the TFFN\'s remit.',
  },
  {
    when: { en: ['hacking', 'hackers', 'cyberattack', 'cyber attack', 'malware', 'data breach'], vi: ['tấn công mạng', 'tin tặc', 'hacker', 'mã độc', 'rò rỉ dữ liệu'] },
    find: { en: ['cybersecurity'], vi: ['an ninh mạng'] },
    why: 'Typical cybersecurity threats; the text only says cybersecurity.',
  },
  {
    when: { en: ['ChatGPT', 'generative AI', 'machine learning', 'chatbot', 'chatbots'], vi: ['ChatGPT', 'AI tạo sinh', 'học máy', 'chatbot'] },
    find: { en: ['AI'], vi: ['AI'] },
    why: 'Well-known kinds/examples of artificial intelligence.',
  },
  {
    when: { en: ['regulate', 'regulation', 'regulations', 'legislation', 'law', 'laws'], vi: ['quy định', 'luật', 'pháp luật', 'quy chế'] },
    find: { en: ['Guidelines', 'content moderation'], vi: ['Hướng dẫn', 'kiểm duyệt nội dung'] },
    why: 'Users ask about \'rules/regulation\' of social media; the text\'s instruments are the (non-binding) Guidelines and content moderation.',
  },
  {
    when: { en: ['press freedom', 'media freedom', 'freedom of the press'], vi: ['tự do báo chí'] },
    find: { en: ['freedom of expression'], vi: ['tự do ngôn luận'] },
    why: 'Press freedom is a form of freedom of expression, the only related right the text names.',
  },
  {
    when: { en: ['ASEAN 2045', 'Vision 2045', 'ASEAN Community Vision 2045', 'Our Shared Future'], vi: ['Tầm nhìn 2045', 'Tầm nhìn Cộng đồng ASEAN 2045', 'ASEAN 2045'] },
    find: { en: ['Post-2025 Vision', 'ASEAN Community Vision beyond 2025'], vi: ['Tầm nhìn sau năm 2025', 'Tầm nhìn Cộng đồng ASEAN sau năm 2025'] },
    why: 'The post-2025 vision was adopted as \'ASEAN 2045: Our Shared Future\' (ASEAN Community Vision 2045) at the 46th ASEAN Summit, Kuala Lumpur, May 2025.',
  },
  {
    when: { en: ['pillar', 'pillars', 'three pillars', 'community pillars'], vi: ['trụ cột', 'ba trụ cột'] },
    find: { en: ['ASEAN Socio-Cultural Community', 'ASEAN Community'], vi: ['Cộng đồng Văn hóa-Xã hội ASEAN', 'Cộng đồng ASEAN'] },
    why: 'The ASEAN Community has three pillars (Political-Security, Economic, Socio-Cultural); only the Socio-Cultural one is named in the text.',
  },
  {
    when: { en: ['ministry of information', 'information ministry', 'ministry of communications', 'communications ministry'], vi: ['Bộ Thông tin và Truyền thông', 'Bộ TT&TT', 'bộ thông tin'] },
    find: { en: ['Ministers Responsible for Information'], vi: ['Bộ trưởng Thông tin'] },
    why: 'AMRI gathers each member state\'s minister in charge of information/communications.',
  },
  {
    when: { en: ['state news agency', 'official news agency', 'national news agency', 'state media'], vi: ['hãng thông tấn quốc gia', 'cơ quan thông tấn nhà nước', 'truyền thông nhà nước'] },
    find: { en: ['Vietnam News Agency', 'TTXVN'], vi: ['TTXVN'] },
    why: 'TTXVN (Vietnam News Agency) is Vietnam\'s official state news agency, the source of the report.',
  },
  {
    when: {
      en: ['next meeting', 'next AMRI', 'following meeting', 'next edition', 'next time'],
      vi: ['hội nghị tiếp theo', 'hội nghị lần tới', 'hội nghị lần sau', 'kỳ họp tới', 'kỳ họp sau', 'lần họp tới', 'lần họp sau', 'AMRI tiếp theo', 'AMRI lần sau', 'AMRI lần tới'],
    },
    find: { en: ['18th AMRI'], vi: ['AMRI lần thứ 18'] },
    why: 'The reported meeting is the 17th AMRI, so the next one is the 18th (Cambodia, 2027).',
  },
  {
    when: { en: ['ten-year', '10-year', 'decade'], vi: ['10 năm', 'mười năm', 'thập kỷ'] },
    find: { en: ['2016-2025', '2026-2035'], vi: ['2016-2025', '2026-2035'] },
    why: 'The Strategic Plan 2016-2025 and the Work Plan 2026-2035 are the text\'s ten-year plans.',
  },
  {
    when: { en: ['five-year', '5-year'], vi: ['5 năm'] },
    find: { en: ['2026-2030'], vi: ['2026-2030'] },
    why: 'ACMP III 2026-2030 is the text\'s five-year plan.',
  },
  {
    when: { en: ['Phnom Penh'], vi: ['Phnom Penh', 'Phnôm Pênh'] },
    find: { en: ['Cambodia'], vi: ['Campuchia'] },
    why: 'Phnom Penh is the capital of Cambodia, often used to name it.',
  },
];

/** The glossary of the shipped corpus (the Kuala Lumpur Declaration): the retriever's default. */
export const DEFAULT_GLOSSARY: Glossary = Object.freeze({ groups: GLOSSARY, relations: RELATED });
