"""Short stories for the build set: (title, paragraphs). Figures are of the kind real releases carry;
every sentence is written for this set."""

ZH = {
    "cpi": ("5月份居民消费价格同比下降0.1%", ["5月份，全国居民消费价格同比下降0.1%，环比下降0.2%。其中，城市持平，农村下降0.4%。", "食品价格同比下降0.4%，非食品价格同比持平；1-5月平均，全国居民消费价格比上年同期下降0.1%。"]),
    "ppi": ("5月份工业生产者出厂价格同比下降3.3%", ["5月份，全国工业生产者出厂价格同比下降3.3%，环比下降0.4%。", "工业生产者购进价格同比下降3.6%，环比下降0.5%；1-5月平均，出厂价格比上年同期下降2.6%。"]),
    "ind": ("5月份规模以上工业增加值增长5.8%", ["5月份，规模以上工业增加值同比实际增长5.8%，环比增长0.61%。", "分三大门类看，采矿业增加值增长5.7%，制造业增长6.2%，电力、热力、燃气及水生产和供应业增长1.9%。"]),
    "retail": ("5月份社会消费品零售总额增长6.4%", ["5月份，社会消费品零售总额41326亿元，同比增长6.4%。其中，除汽车以外的消费品零售额37066亿元，增长6.5%。", "1-5月份，社会消费品零售总额203171亿元，增长5.0%；全国网上零售额60595亿元，增长8.5%。"]),
    "gd_gdp": ("一季度广东地区生产总值同比增长4.1%", ["一季度，全省实现地区生产总值33998.96亿元，同比增长4.1%。", "其中，第一产业增加值1043.26亿元，增长3.9%；第二产业增加值12725.95亿元，增长4.8%；第三产业增加值20229.75亿元，增长3.7%。"]),
    "zj_ind": ("1-5月全省规上工业增加值增长7.3%", ["1-5月，全省规模以上工业增加值同比增长7.3%，增速比一季度提高0.4个百分点。", "其中，高技术制造业增加值增长9.6%，数字经济核心产业制造业增加值增长11.2%。"]),
    "bj_income": ("上半年北京市居民人均可支配收入44921元", ["上半年，全市居民人均可支配收入44921元，同比增长4.6%。", "其中，城镇居民人均可支配收入48875元，增长4.5%；农村居民人均可支配收入23101元，增长6.2%。"]),
    "customs": ("前5个月我国货物贸易进出口17.94万亿元", ["据海关统计，今年前5个月，我国货物贸易进出口总值17.94万亿元，同比增长2.5%。", "其中，出口10.67万亿元，增长7.2%；进口7.27万亿元，下降3.8%。5月当月，进出口3.81万亿元，增长2.7%。"]),
    "mof_rev": ("1-5月全国一般公共预算收入96623亿元", ["1-5月，全国一般公共预算收入96623亿元，同比下降0.3%。其中，全国税收收入79019亿元，同比下降1.6%。", "全国一般公共预算支出119524亿元，同比增长4.2%；全国政府性基金预算收入15011亿元，同比下降0.4%。"]),
    "miit_5g": ("截至5月末5G基站总数达448.6万个", ["截至5月末，我国5G基站总数达448.6万个，比上年末净增23.5万个。", "前5个月，电信业务收入累计完成7649亿元，同比增长1.4%；5G移动电话用户达11.18亿户。"]),
    "mofcom_fdi": ("1-5月全国新设立外商投资企业24018家", ["1-5月，全国新设立外商投资企业24018家，同比增长11.3%。", "实际使用外资金额3582.4亿元，其中制造业实际使用外资1009.5亿元，高技术产业实际使用外资1129.2亿元。"]),
    "henan_plan": ("河南省人民政府关于印发河南省加快制造业数字化转型实施方案的通知", ["各省辖市人民政府，济源示范区管委会，省人民政府各部门：", "现将《河南省加快制造业数字化转型实施方案》印发给你们，请认真贯彻落实。", "到2027年，全省规模以上工业企业数字化改造覆盖率达到80%，培育省级智能工厂500个。"]),
    "js_notice": ("江苏省人民政府关于进一步促进民间投资的若干措施", ["各设区市人民政府，省各委办厅局，省各直属单位：", "为进一步激发民间投资活力，现提出如下措施。", "每年向民间资本推介项目不少于1000个，总投资不低于8000亿元。"]),
    "xh_tourism": ("端午假期全国国内出游1.19亿人次", ["据文化和旅游部数据中心测算，端午节假期3天，全国国内出游1.19亿人次，同比增长5.7%。", "国内出游总花费427.3亿元，同比增长5.9%。"]),
    "xh_grain": ("今年夏粮收获进度过七成", ["农业农村部最新农情调度显示，全国已收获冬小麦2.3亿亩，麦收进度过七成。", "其中，河南、安徽麦收基本结束，山东过八成。"]),
    "cns_box": ("今年暑期档电影票房突破50亿元", ["据网络平台数据，今年暑期档电影票房已突破50亿元，观影人次超过1.2亿。", "其中，国产影片票房占比超过八成。"]),
    "rmrb_rail": ("上半年全国铁路发送旅客21.8亿人次", ["上半年，全国铁路累计发送旅客21.8亿人次，同比增长6.7%，创历史同期新高。", "同期，全国铁路累计发送货物25.5亿吨，同比增长2.9%。"]),
    "rmrb_ev": ("前5月新能源汽车产销量同比增长超四成", ["前5个月，新能源汽车产销分别完成569.9万辆和560.8万辆，同比分别增长45.2%和44%。", "新能源汽车新车销量达到汽车新车总销量的44%。"]),
    "jjrb_loans": ("5月末普惠小微贷款余额35.6万亿元", ["5月末，普惠小微贷款余额35.6万亿元，同比增长12.3%。", "本外币绿色贷款余额38.6万亿元，比年初增加2.0万亿元。"]),
    "reprint_power": ("5月份全社会用电量同比增长4.4%", ["5月份，全社会用电量8096亿千瓦时，同比增长4.4%。", "1-5月，全社会用电量累计39665亿千瓦时，同比增长3.4%。"]),
    "reprint_post": ("前5月邮政行业寄递业务量累计完成812亿件", ["前5个月，邮政行业寄递业务量累计完成812亿件，同比增长18.3%。", "其中，快递业务量累计完成776.5亿件，同比增长20.1%。"]),
    "nea_solar": ("1-5月全国新增光伏装机197.85吉瓦", ["1-5月，全国新增光伏发电装机容量197.85吉瓦，同比增长约388%。", "截至5月底，全国光伏发电累计装机容量达到1083吉瓦。"]),
    "sh_trade": ("前5个月上海口岸货物进出口总值4.35万亿元", ["前5个月，上海口岸货物进出口总值4.35万亿元，同比增长3.1%。", "其中，出口1.74万亿元，增长6.6%；进口2.61万亿元，增长0.9%。"]),
    "cq_invest": ("1-5月重庆市固定资产投资同比增长2.1%", ["1-5月，全市固定资产投资同比增长2.1%。", "分领域看，工业投资增长10.2%，基础设施投资增长4.7%，房地产开发投资下降6.8%。"]),
    "pbc_tsf": ("5月末社会融资规模存量为426.16万亿元", ["初步统计，5月末社会融资规模存量为426.16万亿元，同比增长8.7%。", "前5个月社会融资规模增量累计为18.63万亿元，比上年同期多3.83万亿元。"]),
    "mohrss_jobs": ("1-5月全国城镇新增就业542万人", ["1-5月，全国城镇新增就业542万人。5月份，全国城镇调查失业率为5.0%，比上月下降0.1个百分点。", "截至5月底，全国基本养老保险参保人数达10.72亿人。"]),
    "sc_price": ("5月份四川居民消费价格同比下降0.2%", ["5月份，全省居民消费价格同比下降0.2%，环比下降0.3%。", "食品烟酒类价格同比下降0.6%，衣着类价格上涨1.1%。"]),
    "hb_grain": ("湖北夏粮生产再获丰收", ["今年全省夏粮播种面积1774.6万亩，总产量达到517.6万吨，比上年增加6.3万吨。", "小麦单产每亩达到285.2公斤。"]),
    "hn_disclose": ("河南省人民政府办公厅关于印发河南省促进服务消费高质量发展实施方案的通知", ["各省辖市人民政府，济源示范区管委会，省人民政府各部门：", "《河南省促进服务消费高质量发展实施方案》已经省政府同意，现印发给你们，请认真贯彻执行。", "到2027年，全省服务消费占居民消费支出比重提高到46%左右。"]),
    # a survey team's monthly price release; a paper's commentary (one that names its paper, one that does not)
    "zj_team_cpi": ("10月份浙江居民消费价格同比上涨0.4%", ["10月份，全省居民消费价格同比上涨0.4%，环比持平。其中，城市上涨0.3%，农村上涨0.7%。", "食品价格同比下降0.9%，非食品价格上涨0.7%；1-10月平均，全省居民消费价格比上年同期上涨0.2%。"]),
    "jjrb_comment": ("让服务消费接过增长的接力棒", ["前10个月，全国服务零售额同比增长5.6%，增速快于同期商品零售额1.4个百分点。", "服务消费扩容，既要在供给上多下功夫，也要让居民有钱花、有闲花、愿意花。"]),
    "paper_comment": ("稳外贸要在稳主体上多用力", ["前三季度，我国有进出口实绩的外贸企业数量比上年同期增加1.9万家，民营企业进出口占比提升到56.8%。", "稳住了经营主体，外贸的基本盘就稳住了大半。"]),
    # a wire copied from its portal as text under the reader's account line; a ministry notice whose
    # page carries its information table (索引号 … 发布日期 … 有效性) inside the article
    "xh_services": ("前11个月我国服务进出口总额增长7.8%", ["记者从商务部获悉，前11个月我国服务进出口总额达到6.54万亿元，同比增长7.8%。", "其中，知识密集型服务进出口2.68万亿元，增长6.1%；旅行服务进出口增长12.4%。"]),
    "mofcom_supply": ("商务部办公厅关于做好2026年元旦春节期间市场供应工作的通知", ["各省、自治区、直辖市及计划单列市、新疆生产建设兵团商务主管部门：", "为做好元旦春节期间市场供应工作，现将有关事项通知如下。", "各地要加强重要生活必需品日监测，重点监测样本企业增加到3200家，储备商品投放能力较上年提高10%以上。"]),
    "nbs_pmi": ("2025年6月中国采购经理指数运行情况", ["6月份，制造业采购经理指数（PMI）为49.7%，比上月上升0.2个百分点，制造业景气水平继续改善。", "非制造业商务活动指数为50.5%，比上月上升0.2个百分点；综合PMI产出指数为50.7%。"]),
}

EN = {
    "rt_trade": ("China's May exports grow 4.8%, slower than expected", ["China's exports grew 4.8% year-on-year in May, customs data showed on Monday, slowing from an 8.1% rise in April and missing a forecast for 5.0% growth.", "Imports fell 3.4% from a year earlier, leaving a trade surplus of $103.22 billion for the month."]),
    "rt_yuan": ("China's yuan firms as central bank sets stronger midpoint", ["China's yuan firmed to 7.1780 per dollar on Tuesday after the central bank set its daily midpoint at the strongest level since November.", "The People's Bank of China fixed the midpoint rate at 7.1772, stronger than a Reuters estimate of 7.1865."]),
    "xh_en_fdi": ("China's actual use of foreign capital reaches 358 bln yuan in Jan-May", ["China's actual use of foreign capital reached 358.24 billion yuan in the first five months of 2025, data from the Ministry of Commerce showed.", "A total of 24,018 foreign-invested enterprises were newly established during the period, up 11.3 percent year on year."]),
    "cd_en_port": ("Container throughput at Chinese ports rises 7.8% in first five months", ["Container throughput at Chinese ports reached 138 million twenty-foot equivalent units in the first five months of the year, up 7.8 percent year-on-year.", "Cargo throughput at ports nationwide totaled 7.2 billion tons during the period, the Ministry of Transport said."]),
    "cx_en_pmi": ("Caixin China manufacturing PMI slips to 48.3 in May", ["The Caixin China General Manufacturing PMI fell to 48.3 in May from 50.4 the previous month, the first contraction reading in eight months.", "New export orders shrank at the sharpest pace since July 2023, the survey showed."]),
    "afp_en_uk": ("UK inflation eases to 3.4% in May", ["Britain's annual inflation rate eased to 3.4 percent in May from 3.5 percent in April, official data showed Wednesday.", "The Bank of England is expected to hold its key interest rate at 4.25 percent on Thursday, analysts said."]),
    "bbg_en_steel": ("China's steel output falls 6.9% in May as demand weakens", ["China's crude steel output fell 6.9% in May from a year earlier to 86.55 million tons, statistics bureau data showed.", "Output in the first five months dropped 1.7% to 431.63 million tons."]),
    "cd_en_sme": ("SME development index edges up in second quarter", ["China's small and medium-sized enterprise development index rose to 89.4 in the second quarter, up 0.1 point from the previous quarter.", "Seven of the eight sub-indexes increased, with the market sub-index gaining the most, the association said."]),
    "rt_ppi_copy": ("China's factory gate prices fall for a fourth month as demand stays soft", ["China's producer prices fell 1.9% in November from a year earlier, official data showed on Monday, a fourth straight monthly decline.", "Consumer inflation edged up to 0.6% from 0.4% in October, the statistics bureau said."]),
    "ap_en_rates": ("Federal Reserve keeps key rate unchanged at 4.3%", ["The Federal Reserve left its benchmark interest rate unchanged at about 4.3% on Wednesday for a fourth straight meeting.", "Policymakers still expect to cut rates twice this year, according to their updated projections."]),
}
